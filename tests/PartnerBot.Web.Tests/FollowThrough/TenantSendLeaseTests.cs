using Azure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// One tenant's proactive sends belong to one instance at a time, so Teams' per-tenant and per-conversation limits,
/// counted by each instance's own rate limiter, hold for the whole deployment.
/// </summary>
public class TenantSendLeaseTests
{
    private static readonly IOptions<DeliveryOptions> Defaults = Options.Create(new DeliveryOptions());

    [Fact]
    public async Task TwoInstances_OneTenant_OnlyTheLeaseHolderSends_TheOtherTouchesNone()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var people = h.AddPeople(150, tenants: 1);
        foreach (var (ws, user) in people)
        {
            await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Digest"), $"digest|{ws}|{user}|2026-W48", default);
        }

        var results = await Task.WhenAll(h.NewDispatcher("a").DrainAsync(default), h.NewDispatcher("b").DrainAsync(default));

        var keys = h.Connector.Received.Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(150, keys.Distinct().Count());
        Assert.Equal(150, keys.Count);
        // One instance sent them all; the other touched none (no claim, no attempt).
        Assert.Equal([0, 150], results.Select(r => r.Sent).Order());
        var idle = results.Single(r => r.Sent == 0);
        Assert.True(idle.HeldElsewhere > 0);
        Assert.Equal(0, idle.LostRace + idle.Retried + idle.Failed);
    }

    [Fact]
    public async Task Lease_TakenOnlyAfterItsExpiry_AndItsHolderStoppedAWindowAndTheSkewBefore()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var a = h.NewTenantLeases(Defaults, clock);
        var b = h.NewTenantLeases(Defaults, clock);
        var limits = Defaults.Value.Limits;

        Assert.True(await a.TryHoldAsync("t1", "a", default));
        Assert.False(await b.TryHoldAsync("t1", "b", default));

        // A stops renewing (it stopped, or lost the store): it stops sending a guard before the expiry...
        clock.Advance(limits.TenantLeaseDuration - limits.TenantLeaseGuard - TimeSpan.FromMilliseconds(1));
        Assert.True(a.Holds("t1"));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(a.Holds("t1"));
        Assert.True(limits.TenantLeaseGuard >= TimeSpan.FromSeconds(1) + limits.Margin + limits.MaxClockSkew);

        // ...and B cannot take it until the expiry itself.
        Assert.False(await b.TryHoldAsync("t1", "b", default));
        clock.Advance(limits.TenantLeaseGuard + TimeSpan.FromMilliseconds(1));
        Assert.True(await b.TryHoldAsync("t1", "b", default));
        Assert.False(await a.TryHoldAsync("t1", "a", default));
        Assert.False(a.Holds("t1"));

        // Another tenant is free for A meanwhile.
        Assert.True(await a.TryHoldAsync("t2", "a", default));
    }

    [Fact]
    public async Task Lease_RenewedOnUse_OncePerHalfLease_NotPerSend()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var store = new ScriptedLeases(new TableLeaseStore(h.Tables, clock));
        var leases = new TenantSendLeases(store, Defaults, clock, NullLogger<TenantSendLeases>.Instance);
        var step = Defaults.Value.Limits.TenantLeaseDuration / 100;

        for (var i = 0; i < 100; i++)
        {
            Assert.True(await leases.TryHoldAsync("t1", "a", default));
            clock.Advance(step);
        }

        // 100 sends over a whole lease: taken once, renewed once its usable part fell under half a lease.
        Assert.InRange(store.Calls, 2, 3);
    }

    [Fact]
    public async Task Lease_StoreFailsOnRenewal_KeepsWhatIsLeft_ThenStops()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
        var store = new ScriptedLeases(new TableLeaseStore(h.Tables, clock));
        var leases = new TenantSendLeases(store, Defaults, clock, NullLogger<TenantSendLeases>.Instance);
        var limits = Defaults.Value.Limits;
        Assert.True(await leases.TryHoldAsync("t1", "a", default));

        store.Fail = true;
        clock.Advance(limits.TenantLeaseDuration - limits.TenantLeaseGuard - TimeSpan.FromSeconds(1));
        Assert.True(await leases.TryHoldAsync("t1", "a", default));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await leases.TryHoldAsync("t1", "a", default));

        store.Fail = false;
        Assert.True(await leases.TryHoldAsync("t1", "a", default));
    }

    [Fact]
    public async Task LeaseLostBeforeTheSend_MessageHandedBackUnsent_AttemptNotCounted()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Nudge"), "nudge-lost-lease", default);
        var store = new ScriptedLeases(new TableLeaseStore(h.Tables, TimeProvider.System)) { GrantOnly = 1 };
        // A lease that must be renewed at every use: the first call takes it, the one just before the send is refused.
        var options = new DeliveryOptions();
        options.Limits.TenantLeaseDuration = TimeSpan.Zero;
        var dispatcher = new OutboxDispatcher(h.Outbox, h.Client, h.References, new TeamsRateLimiter(options.Limits, TimeProvider.System),
            new TenantSendLeases(store, Options.Create(options), TimeProvider.System, NullLogger<TenantSendLeases>.Instance),
            Options.Create(options), TimeProvider.System, NullLogger<OutboxDispatcher>.Instance)
        { InstanceId = "a" };

        var result = await dispatcher.DrainAsync(default);

        Assert.Equal(1, result.HeldElsewhere);
        Assert.Empty(h.Connector.Received);
        var stored = (await h.Outbox.GetAsync(ws.TenantId, "nudge-lost-lease", default))!.Value;
        Assert.Equal(OutboxStatus.Pending, stored.Status);
        Assert.Equal(0, stored.Attempts);
        Assert.Null(stored.ClaimedBy);
    }

    /// <summary>The real lease table, counting calls, with failures or refusals switched on by the test.</summary>
    private sealed class ScriptedLeases(ILeaseStore inner) : ILeaseStore
    {
        private int calls;

        public int Calls => calls;

        public bool Fail { get; set; }

        /// <summary>After this many grants, every further call is refused (another instance took the lease).</summary>
        public int? GrantOnly { get; init; }

        public async Task<bool> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref calls);
            if (Fail)
            {
                throw new RequestFailedException(503, "The store is unavailable.");
            }

            return (GrantOnly is not { } grants || n <= grants) && await inner.TryAcquireAsync(name, owner, duration, cancellationToken);
        }

        public Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken) => inner.ReleaseAsync(name, owner, cancellationToken);
    }
}
