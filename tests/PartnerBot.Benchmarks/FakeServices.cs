using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PartnerBot.Testing;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Everything the bot talks to besides storage, on one local port: the channel's OpenID metadata and keys,
/// a managed-identity token endpoint (the App Service protocol Azure.Identity speaks), and a fake Bot Connector
/// that records replies and can enforce Teams' per-tenant rate limit with 429 and Retry-After.
/// </summary>
internal sealed class FakeServices : IAsyncDisposable
{
    public const string IdentityHeader = "bench-identity-header";
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode>> waiters = new();
    private readonly ConcurrentDictionary<string, int> delivered = new();
    private readonly Lock bucketLock = new();
    private double tokens;
    private DateTime refilled = DateTime.UtcNow;
    private long throttled;

    private FakeServices(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string ServiceUrl => BaseUrl + "/connector/";

    /// <summary>Requests per second the connector accepts before answering 429; 0 means no limit.</summary>
    public int RateLimit { get; set; }

    public long Throttled => Interlocked.Read(ref throttled);

    public IReadOnlyDictionary<string, int> Delivered => delivered;

    public static async Task<FakeServices> StartAsync(TokenIssuer issuer)
    {
        var port = AzuriteServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var services = new FakeServices(app, port);
        app.MapGet("/openid", () => Results.Text(issuer.MetadataJson(services.BaseUrl), "application/json"));
        app.MapGet("/keys", () => Results.Text(issuer.KeysJson(), "application/json"));
        app.MapGet("/msi/token", (HttpRequest request) => services.ManagedIdentityToken(request));
        app.MapPost("/connector/v3/conversations/{conversationId}/activities", (Func<HttpContext, Task<IResult>>)(context => services.ReceiveAsync(context, null)));
        app.MapPost("/connector/v3/conversations/{conversationId}/activities/{replyToId}", (HttpContext context, string replyToId) => services.ReceiveAsync(context, replyToId));
        await app.StartAsync();
        return services;
    }

    /// <summary>
    /// Completes with the first message that replies to the inbound activity <paramref name="activityId"/>; keyed by
    /// the reply-to id so a late second reply of one turn can never end the next turn early.
    /// </summary>
    public Task<JsonNode> NextReply(string activityId)
    {
        var waiter = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiters[activityId] = waiter;
        return waiter.Task;
    }

    public void ResetDelivered()
    {
        delivered.Clear();
        Interlocked.Exchange(ref throttled, 0);
    }

    private IResult ManagedIdentityToken(HttpRequest request)
    {
        if (request.Headers["X-IDENTITY-HEADER"] != IdentityHeader)
        {
            return Results.StatusCode(401);
        }

        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return Results.Json(new JsonObject
        {
            ["access_token"] = "bench-outbound-token",
            ["expires_on"] = expires.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["resource"] = request.Query["resource"].ToString(),
            ["token_type"] = "Bearer",
            ["client_id"] = request.Query["client_id"].ToString(),
        });
    }

    private async Task<IResult> ReceiveAsync(HttpContext context, string? replyToId)
    {
        if (RateLimit > 0 && !TryTake(out var retryAfter))
        {
            Interlocked.Increment(ref throttled);
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.StatusCode((int)HttpStatusCode.TooManyRequests);
        }

        var body = await JsonNode.ParseAsync(context.Request.Body);
        if (body?["type"]?.GetValue<string>() != "message")
        {
            return Results.Json(new JsonObject { ["id"] = Guid.NewGuid().ToString("N") });
        }

        var text = body["text"]?.GetValue<string>();
        if (text is not null && text.StartsWith("fan-out ", StringComparison.Ordinal))
        {
            delivered.AddOrUpdate(text, 1, (_, n) => n + 1);
        }

        if (replyToId is not null && waiters.TryRemove(replyToId, out var waiter))
        {
            waiter.TrySetResult(body);
        }

        return Results.Json(new JsonObject { ["id"] = Guid.NewGuid().ToString("N") });
    }

    // A token bucket of one second's worth: bursts up to the limit, then the steady rate, like Teams' per-bot limit.
    private bool TryTake(out int retryAfterSeconds)
    {
        lock (bucketLock)
        {
            var now = DateTime.UtcNow;
            tokens = Math.Min(RateLimit, tokens + ((now - refilled).TotalSeconds * RateLimit));
            refilled = now;
            if (tokens >= 1)
            {
                tokens -= 1;
                retryAfterSeconds = 0;
                return true;
            }

            retryAfterSeconds = 1;
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
