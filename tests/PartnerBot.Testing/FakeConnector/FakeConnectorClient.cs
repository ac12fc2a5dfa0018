using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;

namespace PartnerBot.Testing.FakeConnector;

/// <summary>
/// A plain HTTP connector client for tests against <see cref="FakeConnectorServer"/>: no auth; honours Retry-After on 429
/// up to three times, as the real client does, then throws <see cref="ConnectorException"/> like it.
/// </summary>
public sealed class FakeConnectorClient(HttpClient http) : IConnectorClient
{
    /// <summary>How many 429s this client waited out.</summary>
    public int RetriedAfter429 => retried;

    private int retried;

    public async Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        var url = new Uri(new Uri(serviceUrl), $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities");
        var reply = await PostAsync(url, JsonContent.Create(activity, options: ProtocolJson.Options), cancellationToken);
        return (string?)reply?["id"];
    }

    public Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken) =>
        SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken);

    public Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public async Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["isGroup"] = false,
            ["bot"] = new JsonObject { ["id"] = botId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = userId }),
            ["tenantId"] = tenantId,
        };
        var reply = await PostAsync(new Uri(new Uri(serviceUrl), "v3/conversations"), JsonContent.Create(body), cancellationToken);
        return (string?)reply?["id"] ?? throw new ConnectorException(HttpStatusCode.BadGateway, null, "No conversation id came back.");
    }

    public async Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var url = new Uri(new Uri(serviceUrl), $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(userId)}");
        using var response = await http.GetAsync(url, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(response.StatusCode, null, response.ReasonPhrase ?? "Failed.");
        }

        return await response.Content.ReadFromJsonAsync<ConversationMember>(ProtocolJson.Options, cancellationToken);
    }

    public async Task<PagedMembers> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = $"?pageSize={pageSize}" + (continuationToken is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuationToken));
        var url = new Uri(new Uri(serviceUrl), $"v3/conversations/{Uri.EscapeDataString(conversationId)}/pagedmembers{query}");
        using var response = await http.GetAsync(url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(response.StatusCode, null, response.ReasonPhrase ?? "Failed.");
        }

        return await response.Content.ReadFromJsonAsync<PagedMembers>(ProtocolJson.Options, cancellationToken) ?? new PagedMembers();
    }

    private async Task<JsonObject?> PostAsync(Uri url, HttpContent content, CancellationToken cancellationToken)
    {
        var payload = await content.ReadAsByteArrayAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(payload) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt <= 3)
            {
                Interlocked.Increment(ref retried);
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            var error = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            throw new ConnectorException(response.StatusCode, (string?)error?["error"]?["code"], (string?)error?["error"]?["message"] ?? response.ReasonPhrase ?? "Failed.");
        }
    }
}
