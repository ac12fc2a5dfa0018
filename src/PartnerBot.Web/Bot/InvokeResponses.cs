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

    public static InvokeResponse Error(int statusCode, string code, string message) => new(200, new JsonObject
    {
        ["statusCode"] = statusCode,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    });
}
