using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PartnerBot.Testing.FakeConnector;

/// <summary>One activity the fake connector accepted.</summary>
public sealed record ReceivedActivity(string TenantId, string ConversationId, string? IdempotencyKey, JsonObject Activity, DateTimeOffset At)
{
    /// <summary>The activity this one replies to, when it came in as a reply (<c>…/activities/{replyToId}</c>).</summary>
    public string? ReplyToId { get; init; }
}

/// <summary>How the fake connector's roster describes one person; a null field takes the default.</summary>
/// <param name="UserRole"><c>user</c> (default), <c>guest</c> or <c>anonymous</c>.</param>
/// <param name="TenantId">The tenant they signed in with; default the conversation's.</param>
/// <param name="AadObjectId">Their Entra object id; default none.</param>
public sealed record FakeMember(string? UserRole = null, string? TenantId = null, string? AadObjectId = null);

/// <summary>One person on a team's or group chat's roster, as <c>pagedmembers</c> describes them.</summary>
/// <param name="Id">Their channel id (<c>29:…</c>; the bot's is <c>28:…</c>).</param>
/// <param name="Name">Their display name.</param>
/// <param name="AadObjectId">Their Entra object id.</param>
/// <param name="UserRole"><c>user</c>, <c>guest</c> or <c>anonymous</c>; null leaves the field out.</param>
/// <param name="TenantId">The tenant they signed in with; null is the service URL's tenant.</param>
public sealed record FakeRosterMember(string Id, string Name, string? AadObjectId, string? UserRole = "user", string? TenantId = null);

/// <summary>
/// A local Bot Connector on 127.0.0.1 that enforces Teams' limits (50 requests/s per tenant; per conversation 7/s, 8/2 s,
/// 60/30 s, 1800/h) and answers a breach with 429 and Retry-After, as Teams does. The service URL carries the tenant
/// (<c>http://127.0.0.1:port/{tenant}/</c>) so one server plays many tenants. Tests script failures per conversation.
/// </summary>
public sealed class FakeConnectorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly Dictionary<string, List<DateTimeOffset>> tenantLog = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTimeOffset>> conversationLog = new(StringComparer.Ordinal);

    private FakeConnectorServer(WebApplication app)
    {
        this.app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<ReceivedActivity> Received { get; } = new();

    /// <summary>How many requests got a 429.</summary>
    public int Throttled => throttled;

    /// <summary>Conversation id → the status every send to it gets (e.g. 403 for a user who blocked the bot).</summary>
    public ConcurrentDictionary<string, HttpStatusCode> Refuse { get; } = new(StringComparer.Ordinal);

    /// <summary>Conversation id → how many more sends to it fail with 503 before one succeeds.</summary>
    public ConcurrentDictionary<string, int> FailTimes { get; } = new(StringComparer.Ordinal);

    /// <summary>Conversation id → how many more sends to it are answered 429 with <c>Retry-After: 1</c>, whatever the limits say.</summary>
    public ConcurrentDictionary<string, int> ThrottleTimes { get; } = new(StringComparer.Ordinal);

    /// <summary>When each send was answered 429 because of <see cref="ThrottleTimes"/>.</summary>
    public ConcurrentQueue<DateTimeOffset> ThrottledAt { get; } = new();

    /// <summary>Called as each activity is accepted, before the response: lets a test stop a run mid-way.</summary>
    public Action<ReceivedActivity>? OnReceived { get; set; }

    /// <summary>
    /// How long each accepted activity waits for its answer, as Teams' latency: for that long the send has arrived but the
    /// sender has not heard so. A sender that goes away meanwhile never gets an answer.
    /// </summary>
    public TimeSpan AnswerDelay { get; set; }

    /// <summary>Called as the answer to an accepted activity is written (after <see cref="AnswerDelay"/>).</summary>
    public Action<ReceivedActivity>? OnAnswered { get; set; }

    /// <summary>
    /// Off lets a load test measure the bot rather than Teams' limits (turn replies to one chat far exceed 7/s);
    /// nothing is throttled or logged for the windows then.
    /// </summary>
    public bool EnforceLimits { get; set; } = true;

    /// <summary>Off stops <see cref="Received"/> growing during a long load run; <see cref="OnReceived"/> still sees each.</summary>
    public bool RecordReceived { get; set; } = true;

    /// <summary>Conversations created through POST /v3/conversations: tenant|user → id.</summary>
    public ConcurrentDictionary<string, string> Created { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// User id (<c>29:…</c>) → how <c>GET …/members/{userId}</c> describes them. Anyone not listed is a <c>user</c> of the
    /// conversation's tenant, as a tenant's own staff are.
    /// </summary>
    public ConcurrentDictionary<string, FakeMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Conversation id → its tenant, where that is not the service URL's (one service URL may carry many tenants).</summary>
    public ConcurrentDictionary<string, string> ConversationTenants { get; } = new(StringComparer.Ordinal);

    /// <summary>User id → the status their member lookup fails with (404: not in the conversation; 503: an outage).</summary>
    public ConcurrentDictionary<string, HttpStatusCode> FailMemberLookup { get; } = new(StringComparer.Ordinal);

    /// <summary>How many member lookups were answered, failures included.</summary>
    public int MemberLookups => memberLookups;

    private int throttled;
    private int memberLookups;

    // ---- Rosters (pagedmembers) and refused conversation creation -------------------------------------------------

    /// <summary>Conversation (team or group chat) id → its members, served by <c>GET …/pagedmembers</c> in pages.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<FakeRosterMember>> Rosters { get; } = new(StringComparer.Ordinal);

    /// <summary>Conversation id → the status every roster request for it gets (e.g. 503 for an outage).</summary>
    public ConcurrentDictionary<string, HttpStatusCode> FailRoster { get; } = new(StringComparer.Ordinal);

    /// <summary>The roster requests answered, failures included: conversation id, page size, continuation token.</summary>
    public ConcurrentQueue<(string ConversationId, int PageSize, string? ContinuationToken)> RosterRequests { get; } = new();

    /// <summary>
    /// User id (<c>29:…</c>) → the status creating a 1:1 conversation with them gets: 403 <c>BotNotInConversationRoster</c>
    /// (the app is not installed for them) or 404; a 5xx plays an outage.
    /// </summary>
    public ConcurrentDictionary<string, HttpStatusCode> RefuseCreate { get; } = new(StringComparer.Ordinal);

    /// <summary>Every body POSTed to <c>/v3/conversations</c>, refused ones too, with the tenant of the service URL.</summary>
    public ConcurrentQueue<(string Tenant, JsonObject Body)> CreateRequests { get; } = new();

    public string ServiceUrlFor(string tenantId) => new Uri(BaseAddress, Uri.EscapeDataString(tenantId) + "/").ToString();

    public static async Task<FakeConnectorServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeConnectorServer(app);
        app.MapPost("/{tenant}/v3/conversations/{conversationId}/activities", (string tenant, string conversationId, HttpRequest request) => server.SendAsync(tenant, conversationId, null, request));
        app.MapPost("/{tenant}/v3/conversations/{conversationId}/activities/{replyToId}", server.SendAsync);
        app.MapPost("/{tenant}/v3/conversations", server.CreateAsync);
        app.MapGet("/{tenant}/v3/conversations/{conversationId}/members/{userId}", server.GetMember);
        app.MapGet("/{tenant}/v3/conversations/{conversationId}/pagedmembers", server.GetPagedMembers);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task<IResult> SendAsync(string tenant, string conversationId, string? replyToId, HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        var now = DateTimeOffset.UtcNow;
        if (EnforceLimits && !Admit(tenant, conversationId, now))
        {
            Interlocked.Increment(ref throttled);
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Results.Json(new { error = new { code = "TooManyRequests", message = "Rate limit exceeded." } }, statusCode: 429);
        }

        if (ThrottleTimes.TryGetValue(conversationId, out var throttles) && throttles > 0 && ThrottleTimes.TryUpdate(conversationId, throttles - 1, throttles))
        {
            ThrottledAt.Enqueue(now);
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Results.Json(new { error = new { code = "TooManyRequests", message = "Rate limit exceeded." } }, statusCode: 429);
        }

        if (Refuse.TryGetValue(conversationId, out var refusal))
        {
            return Results.Json(new { error = new { code = "Forbidden", message = "The bot is not part of the conversation roster." } }, statusCode: (int)refusal);
        }

        if (FailTimes.TryGetValue(conversationId, out var left) && left > 0 && FailTimes.TryUpdate(conversationId, left - 1, left))
        {
            return Results.Json(new { error = new { code = "ServiceUnavailable", message = "Try again." } }, statusCode: 503);
        }

        // A message of several activities shares one key; the part number tells its activities apart.
        var key = (string?)body["channelData"]?["partnerBotIdempotencyKey"];
        var part = (int?)body["channelData"]?["partnerBotPart"] ?? 0;
        var received = new ReceivedActivity(tenant, conversationId, part == 0 ? key : $"{key}#{part}", body, now) { ReplyToId = replyToId };
        if (RecordReceived)
        {
            Received.Enqueue(received);
        }

        OnReceived?.Invoke(received);
        if (AnswerDelay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(AnswerDelay, request.HttpContext.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }

        OnAnswered?.Invoke(received);
        return Results.Json(new { id = Guid.NewGuid().ToString("N") });
    }

    private async Task<IResult> CreateAsync(string tenant, HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject ?? [];
        var user = (string?)body["members"]?[0]?["id"];
        if (string.IsNullOrEmpty(user))
        {
            return Results.Json(new { error = new { code = "BadArgument", message = "members[0].id is required." } }, statusCode: 400);
        }

        CreateRequests.Enqueue((tenant, (JsonObject)body.DeepClone()));
        if (RefuseCreate.TryGetValue(user, out var refused))
        {
            var code = refused switch
            {
                HttpStatusCode.Forbidden => "BotNotInConversationRoster",
                HttpStatusCode.NotFound => "NotFound",
                _ => "ServiceUnavailable",
            };
            return Results.Json(new { error = new { code, message = "The bot is not installed for this user." } }, statusCode: (int)refused);
        }

        var id = Created.GetOrAdd(tenant + "|" + user, _ => "a:" + Guid.NewGuid().ToString("N"));
        return Results.Json(new { id });
    }

    // Not rate-limited: the bot looks a person up once, when they first write, which is no load to model.
    private IResult GetMember(string tenant, string conversationId, string userId)
    {
        Interlocked.Increment(ref memberLookups);
        if (FailMemberLookup.TryGetValue(userId, out var status))
        {
            var code = status == HttpStatusCode.NotFound ? "MemberNotFoundInConversation" : "ServiceError";
            return Results.Json(new { error = new { code, message = "The member lookup failed." } }, statusCode: (int)status);
        }

        var member = Members.GetValueOrDefault(userId) ?? new FakeMember();
        return Results.Json(new JsonObject
        {
            ["id"] = userId,
            ["name"] = "Member " + userId,
            ["aadObjectId"] = member.AadObjectId,
            ["tenantId"] = member.TenantId ?? ConversationTenants.GetValueOrDefault(conversationId) ?? tenant,
            ["userRole"] = member.UserRole ?? "user",
        });
    }

    // Pages of at most pageSize (Teams serves 500 at most); the continuation token is the next index, opaque to the bot.
    private IResult GetPagedMembers(string tenant, string conversationId, int? pageSize, string? continuationToken)
    {
        var size = Math.Clamp(pageSize ?? 200, 1, 500);
        RosterRequests.Enqueue((conversationId, size, continuationToken));
        if (FailRoster.TryGetValue(conversationId, out var status))
        {
            return Results.Json(new { error = new { code = "ServiceError", message = "The roster could not be read." } }, statusCode: (int)status);
        }

        if (!Rosters.TryGetValue(conversationId, out var roster))
        {
            return Results.Json(new { error = new { code = "ConversationNotFound", message = "No such conversation." } }, statusCode: 404);
        }

        var start = 0;
        if (continuationToken is not null && (!int.TryParse(continuationToken, System.Globalization.CultureInfo.InvariantCulture, out start) || start < 0 || start > roster.Count))
        {
            return Results.Json(new { error = new { code = "BadArgument", message = "Unknown continuation token." } }, statusCode: 400);
        }

        var page = new JsonArray();
        foreach (var m in roster.Skip(start).Take(size))
        {
            var member = new JsonObject
            {
                ["id"] = m.Id,
                ["name"] = m.Name,
                ["aadObjectId"] = m.AadObjectId,
                ["email"] = m.Name.Replace(' ', '.') + "@library.example",
                ["userPrincipalName"] = m.Name.Replace(' ', '.') + "@library.example",
                ["tenantId"] = m.TenantId ?? tenant,
            };
            if (m.UserRole is not null)
            {
                member["userRole"] = m.UserRole;
            }

            page.Add(member);
        }

        var next = start + size < roster.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        var result = new JsonObject { ["members"] = page };
        if (next is not null)
        {
            result["continuationToken"] = next;
        }

        return Results.Json(result);
    }

    private bool Admit(string tenant, string conversationId, DateTimeOffset now)
    {
        lock (gate)
        {
            var t = Window(tenantLog, tenant, now, TimeSpan.FromSeconds(1));
            var c = Window(conversationLog, conversationId, now, TimeSpan.FromHours(1));
            bool Under(List<DateTimeOffset> log, int count, TimeSpan window) => log.Count(x => x > now - window) < count;
            var ok = Under(t, 50, TimeSpan.FromSeconds(1))
                && Under(c, 7, TimeSpan.FromSeconds(1)) && Under(c, 8, TimeSpan.FromSeconds(2))
                && Under(c, 60, TimeSpan.FromSeconds(30)) && Under(c, 1800, TimeSpan.FromHours(1));
            if (ok)
            {
                t.Add(now);
                c.Add(now);
            }

            return ok;
        }
    }

    private static List<DateTimeOffset> Window(Dictionary<string, List<DateTimeOffset>> logs, string key, DateTimeOffset now, TimeSpan keep)
    {
        if (!logs.TryGetValue(key, out var log))
        {
            log = [];
            logs[key] = log;
        }

        log.RemoveAll(x => x <= now - keep);
        return log;
    }
}
