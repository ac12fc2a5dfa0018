using System.Text.Json.Nodes;
using PartnerBot.Protocol.Bots;

namespace PartnerBot.Web.Bot;

/// <summary>The Universal Actions response shapes (Teams doc "Universal-actions-for-adaptive-cards").</summary>
internal static class InvokeResponses
{
    /// <summary>Leaves the card as it is and shows a short note; the real replies arrive as messages.</summary>
    public static InvokeResponse Message(string text) => new(200, new JsonObject
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.activity.message",
        ["value"] = text,
    });

    /// <summary>The card that replaces the one clicked, for the person who clicked (in a 1:1 chat, for everyone).</summary>
    public static InvokeResponse Card(JsonObject card) => new(200, new JsonObject
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.card.adaptive",
        ["value"] = card,
    });

    public static InvokeResponse Error(int statusCode, string code, string message) => new(200, new JsonObject
    {
        ["statusCode"] = statusCode,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    });
}
