using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Authentication;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Connector;

/// <summary>
/// The Bot Connector REST API over HTTP. The token goes only to trusted service URLs; throttling
/// and transient failures are retried with backoff (honouring <c>Retry-After</c>), other errors are not.
/// </summary>
internal sealed class HttpConnectorClient(
    IHttpClientFactory httpClientFactory,
    IBotTokenProvider tokenProvider,
    TrustedServiceUrls trustedServiceUrls,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    ILogger<HttpConnectorClient> logger) : IConnectorClient
{
    private static readonly TimeSpan MaxRetryDelay = ConnectorDeadlines.MaxRetryDelay;

    /// <summary>How long getting the bot's token may take, so a hanging identity endpoint cannot hold a turn.</summary>
    private static readonly TimeSpan TokenDeadline = ConnectorDeadlines.TokenDeadline;

    public async Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        var body = await SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", activity, cancellationToken);
        return body?["id"]?.GetValue<string>();
    }

    public async Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken)
    {
        var body = await SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}", activity, cancellationToken);
        return body?["id"]?.GetValue<string>();
    }

    public Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, cancellationToken);

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", null, cancellationToken);

    public async Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken)
    {
        var request = new JsonObject
        {
            ["isGroup"] = false,
            ["members"] = new JsonArray(new JsonObject { ["id"] = userId }),
            ["tenantId"] = tenantId,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        };
        if (botId is not null)
        {
            request["bot"] = new JsonObject { ["id"] = botId };
        }

        var body = await SendAsync(HttpMethod.Post, serviceUrl, "v3/conversations", request, cancellationToken);
        return body?["id"]?.GetValue<string>()
            ?? throw new ConnectorException(HttpStatusCode.OK, null, "The connector created a conversation but returned no id.");
    }

    public async Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await SendAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}", null, cancellationToken);
        }
        catch (ConnectorException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        try
        {
            return body?.Deserialize<ConversationMember>(ProtocolJson.Options)
                ?? throw new ConnectorException(HttpStatusCode.OK, null, "The connector answered the member lookup with no member.");
        }
        catch (JsonException e)
        {
            throw new ConnectorException(HttpStatusCode.OK, null, "The connector answered the member lookup with something that is not a member.", e);
        }
    }

    // ---- Rosters of teams and group chats --------------------------------------------------------------------------

    public async Task<PagedMembers> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conversationId);
        var size = Math.Clamp(pageSize, 1, RosterLimits.MaxPageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var path = $"v3/conversations/{Escape(conversationId)}/pagedmembers?pageSize={size}";
        if (!string.IsNullOrEmpty(continuationToken))
        {
            path += "&continuationToken=" + Escape(continuationToken);
        }

        var body = await SendAsync(HttpMethod.Get, serviceUrl, path, null, cancellationToken);
        try
        {
            return body?.Deserialize<PagedMembers>(ProtocolJson.Options)
                ?? throw new ConnectorException(HttpStatusCode.OK, null, "The connector answered the roster request with no page.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ConnectorException(HttpStatusCode.OK, null, "The connector answered the roster request with something that is not a page of members.", e);
        }
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string serviceUrl, string path, object? payload, CancellationToken cancellationToken)
    {
        if (!await trustedServiceUrls.IsTrustedAsync(serviceUrl, cancellationToken))
        {
            // Not bound by a validated token, configured or stored: nothing goes there, the token least of all.
            logger.LogWarning("Refused to send {Method} {Path} to an untrusted service URL", method, path);
            throw new ConnectorException(HttpStatusCode.Forbidden, ConnectorException.UntrustedServiceUrl, "The service URL is not trusted; nothing was sent.");
        }

        var uri = new Uri(new Uri(serviceUrl.TrimEnd('/') + "/"), path);
        var token = await GetTokenAsync(cancellationToken);
        var http = httpClientFactory.CreateClient(BotHttpClients.Connector);
        var maxAttempts = options.Value.ConnectorMaxAttempts;
        // Posting an activity twice shows it twice: once a post may have arrived, the caller decides whether to repeat it.
        var repeatable = method != HttpMethod.Post || !path.EndsWith("/activities", StringComparison.Ordinal) && !path.Contains("/activities/", StringComparison.Ordinal);

        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (payload is not null)
            {
                request.Content = JsonContent.Create(payload, payload.GetType(), options: ProtocolJson.Options);
            }

            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage sent;
            try
            {
                sent = await http.SendAsync(request, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // No answer at all (connection reset, DNS, client timeout): as transient as a 503.
                var maybeDelivered = MaybeArrived(ex);
                if (attempt >= maxAttempts || (maybeDelivered && !repeatable))
                {
                    throw new ConnectorException(HttpStatusCode.ServiceUnavailable, "ConnectorUnreachable", $"The connector at {uri.Host} did not answer: {ex.Message}", ex)
                    {
                        MaybeDelivered = maybeDelivered,
                    };
                }

                var wait = Backoff(attempt);
                ProtocolTelemetry.RecordRetry(null);
                logger.LogWarning(ex, "Connector did not answer {Method} {Path}; retry {Attempt} in {Delay}", method, path, attempt, wait);
                await Task.Delay(wait, timeProvider, cancellationToken);
                continue;
            }

            using var response = sent;
            ProtocolTelemetry.RecordConnectorAnswer(response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                return await ReadBodyAsync(response, cancellationToken);
            }

            var ambiguous = response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;
            if (attempt >= maxAttempts || !IsRetryable(response.StatusCode) || (ambiguous && !repeatable))
            {
                var error = await ToExceptionAsync(response, cancellationToken);
                throw new ConnectorException(error.StatusCode, error.ErrorCode, error.Message) { MaybeDelivered = ambiguous };
            }

            var delay = RetryDelay(response, attempt);
            ProtocolTelemetry.RecordRetry(response.StatusCode);
            logger.LogWarning("Connector answered {Status} to {Method} {Path}; retry {Attempt} in {Delay}", (int)response.StatusCode, method, path, attempt, delay);
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
    }

    /// <summary>The bot's token, within a deadline; a failure becomes a <see cref="ConnectorException"/> the turn can handle.</summary>
    private async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TokenDeadline);
        try
        {
            return await tokenProvider.GetTokenAsync(deadline.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not get the bot's token for the Bot Connector");
            throw new ConnectorException(HttpStatusCode.ServiceUnavailable, ConnectorException.TokenUnavailable, "The bot could not get its token; nothing was sent.", ex);
        }
    }

    /// <summary>False only when the request certainly never reached the server (no connection, no name, no TLS).</summary>
    private static bool MaybeArrived(Exception ex) =>
        ex is not HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError };

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private TimeSpan RetryDelay(HttpResponseMessage response, int attempt)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return Clamp(delta);
        }

        if (retryAfter?.Date is { } date)
        {
            return Clamp(date - timeProvider.GetUtcNow());
        }

        return Backoff(attempt);
    }

    // Exponential, jittered over its upper half, so retries from many turns spread out.
    private TimeSpan Backoff(int attempt)
    {
        var baseDelay = options.Value.ConnectorRetryBaseDelay * Math.Pow(2, attempt - 1);
        return Clamp(baseDelay * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private static TimeSpan Clamp(TimeSpan delay) =>
        delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxRetryDelay ? MaxRetryDelay : delay;

    private static async Task<JsonNode?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<ConnectorException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(response, cancellationToken);
        string? code = null;
        string? message = null;
        if (body is JsonObject obj && obj["error"] is JsonObject error)
        {
            code = error["code"] is JsonValue c && c.TryGetValue<string>(out var cs) ? cs : null;
            message = error["message"] is JsonValue m && m.TryGetValue<string>(out var ms) ? ms : null;
        }

        return new ConnectorException(
            response.StatusCode,
            code,
            message ?? $"The connector answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }
}
