using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PartnerBot.Protocol.Tests.Support;

/// <summary>Inbound Teams activities as JSON, for posting to the messaging endpoint.</summary>
public static class TeamsActivities
{
    public const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    public static JsonObject Message(string text = "help", string? id = null, string channelId = "msteams", string serviceUrl = ServiceUrl) => new()
    {
        ["type"] = "message",
        ["id"] = id ?? Guid.NewGuid().ToString("N"),
        ["timestamp"] = "2026-11-23T09:00:00.1234567Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = channelId,
        ["from"] = new JsonObject { ["id"] = "29:1user", ["name"] = "Ada Reader", ["aadObjectId"] = "6b3a2f0e-1111-4a5b-9c1d-000000000001" },
        ["recipient"] = new JsonObject { ["id"] = "28:bot-app-id", ["name"] = "PartnerBot" },
        ["conversation"] = new JsonObject { ["id"] = "a:1personal-conversation", ["conversationType"] = "personal", ["tenantId"] = TenantId },
        ["text"] = text,
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
    };

    public static JsonObject Invoke(string? id = null)
    {
        var activity = Message(id: id);
        activity["type"] = "invoke";
        activity["name"] = "adaptiveCard/action";
        activity.Remove("text");
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "refresh", ["data"] = new JsonObject() },
        };
        return activity;
    }

    public static HttpRequestMessage Post(JsonNode activity, string? bearer = null, string path = "/api/messages") =>
        PostRaw(activity.ToJsonString(), "application/json", bearer, path);

    public static HttpRequestMessage PostRaw(string body, string contentType, string? bearer = null, string path = "/api/messages")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", bearer);
        }

        return request;
    }
}
