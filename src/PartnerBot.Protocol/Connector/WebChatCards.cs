using System.Text.Json.Nodes;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.Connector;

/// <summary>
/// Web Chat (the local playground's client) renders <c>Action.Execute</c> but does nothing when it is clicked, and
/// knows no card refresh. Cards sent to it therefore carry <c>Action.Submit</c> with the same data, which arrives as a
/// message whose value the bot reads exactly like the invoke's data; the refresh is left out.
/// </summary>
internal static class WebChatCards
{
    /// <summary>Rewrites the Adaptive Cards of <paramref name="activity"/> in place (on copies of their JSON).</summary>
    public static Activity ForWebChat(Activity activity)
    {
        if (activity.Attachments is not { Count: > 0 } attachments)
        {
            return activity;
        }

        foreach (var attachment in attachments.Where(a => a.ContentType == ContentTypes.AdaptiveCard && a.Content is JsonObject))
        {
            var card = (JsonObject)attachment.Content!.DeepClone();
            card.Remove("refresh");
            foreach (var action in Objects(card).Where(o => (string?)o["type"] == "Action.Execute").ToList())
            {
                action["type"] = "Action.Submit";
                action.Remove("verb");
            }

            attachment.Content = card;
        }

        return activity;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
