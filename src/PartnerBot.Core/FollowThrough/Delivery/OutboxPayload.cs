using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.FollowThrough.Delivery;

/// <summary>Replies as stored in the outbox: card JSON is kept as rendered, so a resend is byte-identical.</summary>
public static class OutboxPayload
{
    public static string Serialize(IReadOnlyList<BotReply> replies)
    {
        var array = new JsonArray();
        foreach (var reply in replies)
        {
            array.Add(reply switch
            {
                TextReply t => new JsonObject { ["text"] = t.Text },
                CardReply c => new JsonObject { ["card"] = c.Card.ToJson() },
                _ => throw new ArgumentException($"Unknown reply type {reply.GetType().Name}.", nameof(replies)),
            });
        }

        return array.ToJsonString();
    }

    /// <summary>Each item is either text or a card object.</summary>
    public static IReadOnlyList<(string? Text, JsonObject? Card)> Parse(string payload) =>
        (JsonNode.Parse(payload) as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(o => ((string?)o["text"], o["card"]?.DeepClone() as JsonObject))
            .ToList();
}
