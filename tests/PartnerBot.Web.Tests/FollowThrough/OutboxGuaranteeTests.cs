using System.Net;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Stores;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;
using PartnerBot.Web.FollowThrough.Delivery;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>Claims, ambiguous sends, per-part progress and poison rows, against the outbox in Azurite.</summary>
public class OutboxGuaranteeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TwoInstances_SendSlowerThanTheOldClaim_DeliveredOnce()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Nudge"), $"nudge|{ws}|{user}|slow|1", default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var options = new DeliveryOptions();
        var slow = new ScriptedConnector(h.Client) { Hold = new TaskCompletionSource() };
        var observed = new ObservedOutbox(h.Outbox);
        var a = h.NewDispatcher("a", options, clock, slow, observed);
        var b = h.NewDispatcher("b", options, clock);

        var draining = a.DrainAsync(default);
        await slow.Entered.Task.WaitAsync(Bound);
        // The send hangs for ten minutes: five times the old two-minute claim, and past the computed claim, which is
        // renewed while the send is in flight.
        Assert.True(options.EffectiveClaimDuration > options.WorstCaseSend);
        Assert.True(options.WorstCaseSend >= TimeSpan.FromMinutes(5));
        var renewEvery = options.EffectiveClaimDuration / 3;
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(10); elapsed += renewEvery)
        {
            var renewals = observed.Updates;
            clock.Advance(renewEvery);
            await observed.WaitForUpdatesAsync(renewals + 1, Bound);
            var other = await b.DrainAsync(default);
            Assert.Equal(0, other.Sent + other.LostRace);
        }

        slow.Hold.SetResult();
        var result = await draining;

        Assert.Equal(1, result.Sent);
        Assert.Single(h.Connector.Received);
        Assert.Equal(OutboxStatus.Sent, (await h.Outbox.GetAsync(ws.TenantId, $"nudge|{ws}|{user}|slow|1", default))!.Value.Status);
        Assert.Equal(0, a.Stats.LostFinishes);
    }

    [Fact]
    public async Task ClaimTakenOverMidSend_NoFurtherPartSent()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        await h.NewMessenger().SendAsync(ws, user, [BotReply.Say("one"), BotReply.Say("two")], "prompt|stolen", default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var slow = new ScriptedConnector(h.Client) { Hold = new TaskCompletionSource() };
        var a = h.NewDispatcher("a", new DeliveryOptions(), clock, slow);

        var draining = a.DrainAsync(default);
        await slow.Entered.Task.WaitAsync(Bound);
        // Another instance changes the row (as a takeover would) while part one is in flight.
        var row = Assert.Single(await h.Outbox.ListDueAsync(clock.GetUtcNow().AddDays(1), 10, default));
        Assert.NotNull(await h.Outbox.TryUpdateAsync(row, row.Value with { ClaimedBy = "thief" }, default));
        slow.Hold.SetResult();
        await draining;

        Assert.Equal(["one"], h.Connector.Received.Select(r => (string?)r.Activity["text"]));
        Assert.Equal(1, a.Stats.ClaimsLost);
    }

    [Fact]
    public async Task AmbiguousPost_AtMostOnceKind_RecordedAndNotSentAgain()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        var key = $"digest|{ws}|{user}|2026-W48";
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Digest"), key, default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var flaky = new ScriptedConnector(h.Client) { AmbiguousOnCalls = [1] };
        var dispatcher = h.NewDispatcher("x", new DeliveryOptions(), clock, flaky);

        var first = await dispatcher.DrainAsync(default);
        clock.Advance(TimeSpan.FromHours(1));
        var second = await dispatcher.DrainAsync(default);

        Assert.Equal(1, first.Unconfirmed);
        Assert.Equal(0, second.Sent + second.Retried);
        Assert.Single(h.Connector.Received);
        var stored = (await h.Outbox.GetAsync(ws.TenantId, key, default))!.Value;
        Assert.Equal(OutboxStatus.Unconfirmed, stored.Status);
        Assert.True(stored.MaybeDelivered);
        Assert.Contains("may have been delivered", stored.LastError, StringComparison.Ordinal);
        Assert.Equal(1, dispatcher.Stats.AmbiguousSends);
        Assert.Empty(await h.Outbox.ListDueAsync(clock.GetUtcNow().AddDays(30), 10, default));
    }

    [Fact]
    public async Task AmbiguousPost_AtLeastOnceKind_RecordedAndSentAgain()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Your step"), "prompt|step-1", default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var flaky = new ScriptedConnector(h.Client) { AmbiguousOnCalls = [1] };
        var dispatcher = h.NewDispatcher("x", new DeliveryOptions(), clock, flaky);

        var first = await dispatcher.DrainAsync(default);
        var waiting = Assert.Single(await h.Outbox.ListDueAsync(clock.GetUtcNow().AddHours(1), 10, default)).Value;
        clock.Advance(TimeSpan.FromHours(1));
        var second = await dispatcher.DrainAsync(default);

        Assert.Equal(1, first.Retried);
        Assert.True(waiting.MaybeDelivered);
        Assert.Equal(1, second.Sent);
        Assert.Equal(2, h.Connector.Received.Count);
        var stored = (await h.Outbox.GetAsync(ws.TenantId, "prompt|step-1", default))!.Value;
        Assert.Equal(OutboxStatus.Sent, stored.Status);
        Assert.True(stored.MaybeDelivered);
    }

    [Fact]
    public async Task MultiPartMessage_FailsPartWay_ResumesAtTheFirstUnsentPart()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        await h.NewMessenger().SendAsync(ws, user, [BotReply.Say("one"), BotReply.Say("two"), BotReply.Say("three")], "nudge|parts|1", default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var flaky = new ScriptedConnector(h.Client) { UnavailableOnCalls = [2] };
        var dispatcher = h.NewDispatcher("x", new DeliveryOptions(), clock, flaky);

        var first = await dispatcher.DrainAsync(default);
        var waiting = Assert.Single(await h.Outbox.ListDueAsync(clock.GetUtcNow().AddHours(1), 10, default)).Value;
        clock.Advance(TimeSpan.FromHours(1));
        var second = await dispatcher.DrainAsync(default);

        Assert.Equal(1, first.Retried);
        Assert.Equal(1, waiting.PartsSent);
        Assert.False(waiting.MaybeDelivered);
        Assert.Equal(1, second.Sent);
        Assert.Equal(["one", "two", "three"], h.Connector.Received.Select(r => (string?)r.Activity["text"]));
        Assert.Equal(3, (await h.Outbox.GetAsync(ws.TenantId, "nudge|parts|1", default))!.Value.PartsSent);
    }

    [Fact]
    public async Task PoisonRow_EndsFailed_NeverClaimedAgain_AndTheDigestCannotReachThePerson()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld().AddWorkspace("t-poison", partners: 2, withHistory: false);
        var ws = world.DigestInput("t-poison").Workspace;
        h.References.All["t-poison|c-t-poison"] = new()
        {
            TenantId = "t-poison",
            UserId = "c-t-poison",
            ChannelId = "msteams",
            ServiceUrl = h.Connector.ServiceUrlFor("t-poison"),
            ConversationId = "a:c-t-poison",
            ConversationType = "personal",
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        h.Connector.FailTimes["a:c-t-poison"] = 1000;
        await h.NewMessenger().SendAsync(ws.Key, "c-t-poison", DeliveryHarness.Card("Nudge"), "nudge|poison|1", default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var dispatcher = h.NewDispatcher("x", new DeliveryOptions { MaxAttempts = 5 }, clock);

        var results = new List<DispatchResult>();
        for (var i = 0; i < 8; i++)
        {
            results.Add(await dispatcher.DrainAsync(default));
            clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(4, results.Sum(r => r.Retried));
        Assert.Equal(1, results.Sum(r => r.Failed));
        Assert.All(results.Skip(5), r => Assert.Equal(new DispatchResult(0, 0, 0, 0, 0), r));
        var stored = (await h.Outbox.GetAsync("t-poison", "nudge|poison|1", default))!.Value;
        Assert.Equal(OutboxStatus.Failed, stored.Status);
        Assert.Equal(5, stored.Attempts);
        Assert.StartsWith("Gave up after 5 attempts", stored.LastError, StringComparison.Ordinal);
        Assert.Empty(await h.Outbox.ListDueAsync(clock.GetUtcNow().AddDays(30), 10, default));
        Assert.Empty(h.Connector.Received);

        var digests = new DigestService(world, world, world, h.References, h.Outbox, new DigestNarrative(new RuleBasedDigestNarrator()));
        var snapshot = await digests.ReadAsync(ws, default);
        var (digest, _) = await digests.BuildAsync(snapshot, TimeZoneInfo.Utc, clock.GetUtcNow(), default);
        Assert.Equal(["Contact t-poison"], digest.Unreachable);
    }

    [Fact]
    public async Task IdempotencyRecords_RemovedByHousekeepingAfterRetention_NotBefore()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Nudge"), "nudge|kept|1", default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var options = new DeliveryOptions { KeyRetention = TimeSpan.FromDays(14), HousekeepingInterval = TimeSpan.FromHours(1) };
        var dispatcher = h.NewDispatcher("x", options, clock);
        await dispatcher.DrainAsync(default);
        Assert.NotNull(await h.Outbox.GetAsync(ws.TenantId, "nudge|kept|1", default));

        clock.Advance(TimeSpan.FromDays(13));
        await dispatcher.DrainAsync(default);
        Assert.NotNull(await h.Outbox.GetAsync(ws.TenantId, "nudge|kept|1", default));
        var again = new OutboxMessage { Key = "nudge|kept|1", Workspace = ws, RecipientUserId = user, PayloadJson = "[]", NextAttemptAt = clock.GetUtcNow(), CreatedAt = clock.GetUtcNow() };
        Assert.False(await h.Outbox.EnqueueAsync(again, default));

        clock.Advance(TimeSpan.FromDays(2));
        await dispatcher.DrainAsync(default);
        Assert.Null(await h.Outbox.GetAsync(ws.TenantId, "nudge|kept|1", default));
        Assert.Single(h.Connector.Received);
    }

    /// <summary>Forwards to the fake connector, but can hold a send, or fail chosen calls (1-based).</summary>
    private sealed class ScriptedConnector(IConnectorClient inner) : IConnectorClient
    {
        private int calls;

        public TaskCompletionSource? Hold { get; init; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>These calls arrive, then answer 502: the sender cannot know they did.</summary>
        public int[] AmbiguousOnCalls { get; init; } = [];

        /// <summary>These calls are refused with 503 before anything is delivered.</summary>
        public int[] UnavailableOnCalls { get; init; } = [];

        public async Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref calls);
            Entered.TrySetResult();
            if (Hold is not null)
            {
                await Hold.Task.WaitAsync(Bound, cancellationToken);
            }

            if (UnavailableOnCalls.Contains(call))
            {
                throw new ConnectorException(HttpStatusCode.ServiceUnavailable, null, "Service unavailable.");
            }

            var id = await inner.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken);
            return AmbiguousOnCalls.Contains(call)
                ? throw new ConnectorException(HttpStatusCode.BadGateway, null, "Bad gateway.") { MaybeDelivered = true }
                : id;
        }

        public Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken) =>
            inner.ReplyToActivityAsync(serviceUrl, conversationId, replyToId, activity, cancellationToken);

        public Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
            inner.UpdateActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken);

        public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) =>
            inner.DeleteActivityAsync(serviceUrl, conversationId, activityId, cancellationToken);

        public Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken) =>
            inner.CreatePersonalConversationAsync(serviceUrl, tenantId, userId, botId, cancellationToken);

        public Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken) =>
            inner.GetConversationMemberAsync(serviceUrl, conversationId, userId, cancellationToken);
    }

    /// <summary>The outbox, telling a test when a conditional update completed (a claim renewal, say).</summary>
    private sealed class ObservedOutbox(IOutboxStore inner) : IOutboxStore
    {
        private readonly SemaphoreSlim changed = new(0);
        private int updates;

        public int Updates => Volatile.Read(ref updates);

        public async Task WaitForUpdatesAsync(int count, TimeSpan bound)
        {
            using var deadline = new CancellationTokenSource(bound);
            while (Updates < count)
            {
                await changed.WaitAsync(deadline.Token);
            }
        }

        public Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) => inner.EnqueueAsync(message, cancellationToken);

        public Task<Stored<OutboxMessage>?> GetAsync(string tenantId, string key, CancellationToken cancellationToken) => inner.GetAsync(tenantId, key, cancellationToken);

        public Task<IReadOnlyList<Stored<OutboxMessage>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ListDueAsync(now, max, cancellationToken);

        public Task<bool> ConfirmEnqueuedAsync(Stored<OutboxMessage> due, CancellationToken cancellationToken) => inner.ConfirmEnqueuedAsync(due, cancellationToken);

        public async Task<Stored<OutboxMessage>?> TryUpdateAsync(Stored<OutboxMessage> current, OutboxMessage next, CancellationToken cancellationToken)
        {
            var result = await inner.TryUpdateAsync(current, next, cancellationToken);
            Interlocked.Increment(ref updates);
            changed.Release();
            return result;
        }

        public Task<int> PurgeExpiredKeysAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.PurgeExpiredKeysAsync(now, max, cancellationToken);

        public Task<IReadOnlyList<string>> ListFailedRecipientsAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.ListFailedRecipientsAsync(tenantId, since, cancellationToken);
    }
}
