using System.Collections.Concurrent;
using System.Text.Json;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;
using PartnerBot.Testing.FakeConnector;

namespace PartnerBot.Testing.Hosting;

/// <summary>One call the bot made to the connector.</summary>
/// <param name="Operation">send, reply, update, delete, create or member (a member lookup).</param>
/// <param name="ServiceUrl">The service URL it went to.</param>
/// <param name="ConversationId">The conversation it went to.</param>
/// <param name="ActivityId">The id the call returned (send, reply) or named (update, delete).</param>
/// <param name="ReplyToId">For replies, the activity answered.</param>
/// <param name="Activity">A copy of the activity as sent; null for delete and create.</param>
public sealed record ConnectorCall(string Operation, string ServiceUrl, string ConversationId, string? ActivityId, string? ReplyToId, Activity? Activity)
{
    /// <summary>For member lookups, whom the bot asked about.</summary>
    public string? UserId { get; init; }
}

/// <summary>
/// Stands in for the channel: records every call instead of sending it, and answers like Teams would.
/// Calls to service URLs that <see cref="Forwards"/> accepts (a local Teams emulator) go on to the real client too.
/// Like Teams, it knows whoever wrote to the bot (<see cref="Saw"/>): a member lookup describes them as a <c>user</c>
/// of the tenant they wrote from, unless a test says otherwise in <see cref="Members"/>.
/// </summary>
public sealed class RecordingConnectorClient(IConnectorClient? real = null) : IConnectorClient
{
    private readonly ConcurrentQueue<ConnectorCall> calls = new();
    private readonly ConcurrentDictionary<string, string> personalConversations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? TenantId, string? AadObjectId, string? Name)> seen = new(StringComparer.Ordinal);
    private int nextId;

    /// <summary>User id (<c>29:…</c>) → how a member lookup describes them, over what was seen; e.g. a guest.</summary>
    public ConcurrentDictionary<string, FakeMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Set to make calls fail, e.g. <c>call => new ConnectorException(HttpStatusCode.Forbidden, "BotDisabledByAdmin", "…")</c>.</summary>
    public Func<ConnectorCall, Exception?>? Failure { get; set; }

    /// <summary>Which service URLs also get the real call (null: none), e.g. the Agents Playground's mocked connector.</summary>
    public Func<string, bool>? Forwards { get; set; }

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<ConnectorCall> Calls => calls.ToArray();

    /// <summary>The messages sent into a conversation (sends and replies), in order.</summary>
    public IReadOnlyList<Activity> SentTo(string conversationId) =>
        calls.Where(c => c.ConversationId == conversationId && c.Operation is "send" or "reply" && c.Activity is not null)
            .Select(c => c.Activity!)
            .ToList();

    public Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        RecordAsync("send", serviceUrl, conversationId, null, activity, () => real!.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken));

    public Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken) =>
        RecordAsync("reply", serviceUrl, conversationId, replyToId, activity, () => real!.ReplyToActivityAsync(serviceUrl, conversationId, replyToId, activity, cancellationToken));

    public async Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        var call = new ConnectorCall("update", serviceUrl, conversationId, activityId, null, Copy(activity));
        Fail(call);
        calls.Enqueue(call);
        if (ForwardsToReal(serviceUrl))
        {
            await real!.UpdateActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken);
        }
    }

    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        var call = new ConnectorCall("delete", serviceUrl, conversationId, activityId, null, null);
        Fail(call);
        calls.Enqueue(call);
        if (ForwardsToReal(serviceUrl))
        {
            await real!.DeleteActivityAsync(serviceUrl, conversationId, activityId, cancellationToken);
        }
    }

    /// <summary>Like Teams: the same user always gets the same 1:1 conversation.</summary>
    public async Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken)
    {
        var conversationId = ForwardsToReal(serviceUrl)
            ? await real!.CreatePersonalConversationAsync(serviceUrl, tenantId, userId, botId, cancellationToken)
            : personalConversations.GetOrAdd(tenantId + "|" + userId, _ => "a:recorded-" + Guid.NewGuid().ToString("N"));
        var call = new ConnectorCall("create", serviceUrl, conversationId, null, null, null);
        Fail(call);
        calls.Enqueue(call);
        return conversationId;
    }

    /// <summary>Notes an inbound activity's sender, as the channel's roster would know them.</summary>
    public void Saw(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.From?.Id is { } id)
        {
            seen[id] = (activity.GetTenantId(), activity.From.AadObjectId, activity.From.Name);
        }
    }

    /// <summary>Someone who never wrote is not found (null, as a 404 is); <see cref="Failure"/> can make the lookup fail.</summary>
    public async Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var call = new ConnectorCall("member", serviceUrl, conversationId, null, null, null) { UserId = userId };
        // Recorded even when it fails: a test of a failed lookup wants to see it was made.
        calls.Enqueue(call);
        Fail(call);
        if (ForwardsToReal(serviceUrl))
        {
            return await real!.GetConversationMemberAsync(serviceUrl, conversationId, userId, cancellationToken);
        }

        var known = seen.TryGetValue(userId, out var s);
        var set = Members.GetValueOrDefault(userId);
        if (!known && set is null)
        {
            return null;
        }

        return new ConversationMember
        {
            Id = userId,
            Name = s.Name,
            AadObjectId = set?.AadObjectId ?? s.AadObjectId,
            TenantId = set?.TenantId ?? s.TenantId,
            UserRole = set?.UserRole ?? ConversationMember.UserRoleUser,
        };
    }

    private async Task<string?> RecordAsync(string operation, string serviceUrl, string conversationId, string? replyToId, Activity activity, Func<Task<string?>> forward)
    {
        var id = ForwardsToReal(serviceUrl)
            ? await forward()
            : "recorded-" + Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var call = new ConnectorCall(operation, serviceUrl, conversationId, id, replyToId, Copy(activity));
        Fail(call);
        calls.Enqueue(call);
        return id;
    }

    private void Fail(ConnectorCall call)
    {
        if (Failure?.Invoke(call) is { } failure)
        {
            throw failure;
        }
    }

    private bool ForwardsToReal(string serviceUrl) =>
        real is not null && Forwards?.Invoke(serviceUrl) == true;

    // A copy, so what the test sees is what was sent even if the bot reuses the object.
    private static Activity Copy(Activity activity) =>
        JsonSerializer.Deserialize<Activity>(JsonSerializer.Serialize(activity, ProtocolJson.Options), ProtocolJson.Options)!;
}
