using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough.Delivery;

namespace PartnerBot.Web.FollowThrough.Delivery;

/// <summary>
/// Teams' limits are per tenant (and per conversation, which belongs to one tenant), but the rate limiter counts only
/// what its own instance sends. So each tenant's proactive sends belong to one instance at a time: the one holding the
/// tenant's send lease in the lease table. The holder paces them with its <see cref="TeamsRateLimiter"/>; the others
/// leave that tenant's messages alone until the lease is free. Different tenants spread over the instances.
/// <para>
/// A holder treats its lease as ending <see cref="Guard"/> before the expiry it wrote, and a taker only takes a lease
/// past that expiry, so the two never send in the same rate window (the guard is longer than the tenant's window plus
/// ordinary clock skew between instances). The lease is renewed on use once half of it has passed, so a steady fan-out
/// costs one lease write per half lease, not one per send.
/// </para>
/// </summary>
public sealed class TenantSendLeases(ILeaseStore leases, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<TenantSendLeases> logger)
{
    /// <summary>Lease rows are named this plus the tenant id.</summary>
    public const string Prefix = "send:";

    private readonly ConcurrentDictionary<string, Held> held = new(StringComparer.Ordinal);

    /// <summary>How long a lease lasts (<c>FollowThrough:Limits:TenantLeaseDuration</c>).</summary>
    public TimeSpan Duration => options.Value.Limits.TenantLeaseDuration;

    /// <summary>The part of a lease its holder does not use: a rate window plus clock skew.</summary>
    public TimeSpan Guard => options.Value.Limits.TenantLeaseGuard;

    /// <summary>The deadline of each call to the lease table.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>True when <paramref name="owner"/> may send to <paramref name="tenantId"/> now; takes or renews the lease when needed.</summary>
    public async Task<bool> TryHoldAsync(string tenantId, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entry = held.GetValueOrDefault(tenantId);
        if (entry is not null && entry.UsableUntil - now > Duration / 2)
        {
            return true;
        }

        // One renewal at a time per tenant: the parallel senders of a fan-out would otherwise all renew at once.
        var gate = entry?.Gate ?? held.GetOrAdd(tenantId, _ => new Held(DateTimeOffset.MinValue)).Gate;
        await gate.WaitAsync(cancellationToken);
        try
        {
            entry = held[tenantId];
            now = time.GetUtcNow();
            if (entry.UsableUntil - now > Duration / 2)
            {
                return true;
            }

            using var deadline = new CancellationTokenSource(CallDeadline, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            bool ours;
            try
            {
                ours = await leases.TryAcquireAsync(Prefix + tenantId, owner, Duration, linked.Token);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Unknown whether the renewal landed: keep using what is left of the lease we know we had, no more.
                logger.LogWarning(e, "Could not renew the send lease of tenant {Tenant}", tenantId);
                return entry.UsableUntil > time.GetUtcNow();
            }

            // Measured from before the call: the expiry the store wrote is at least that far out.
            entry.UsableUntil = ours ? now + Duration - Guard : DateTimeOffset.MinValue;
            if (!ours)
            {
                logger.LogDebug("Tenant {Tenant}'s sends belong to another instance for now", tenantId);
            }

            return ours;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>True while the lease this instance holds on the tenant is still usable; no storage call.</summary>
    public bool Holds(string tenantId) => held.TryGetValue(tenantId, out var entry) && entry.UsableUntil > time.GetUtcNow();

    /// <summary>Hands every lease back (on shutdown), so another instance need not wait for them to expire.</summary>
    public async Task ReleaseAllAsync(string owner)
    {
        using var deadline = new CancellationTokenSource(CallDeadline, time);
        foreach (var (tenant, entry) in held)
        {
            if (entry.UsableUntil <= time.GetUtcNow())
            {
                continue;
            }

            entry.UsableUntil = DateTimeOffset.MinValue;
            try
            {
                await leases.ReleaseAsync(Prefix + tenant, owner, deadline.Token);
            }
            catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException)
            {
                // It expires by itself.
                logger.LogWarning(e, "Could not hand back the send lease of tenant {Tenant}", tenant);
            }
        }
    }

    private sealed class Held(DateTimeOffset usableUntil)
    {
        private long usableUntilTicks = usableUntil.UtcTicks;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset UsableUntil
        {
            get => new(Interlocked.Read(ref usableUntilTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref usableUntilTicks, value.UtcTicks);
        }
    }
}
