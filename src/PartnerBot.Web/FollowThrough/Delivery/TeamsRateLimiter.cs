namespace PartnerBot.Web.FollowThrough.Delivery;

/// <summary>A limit of <see cref="Count"/> requests in any <see cref="Window"/>.</summary>
public sealed record RateRule(int Count, TimeSpan Window);

/// <summary>Teams' published limits (PROTOCOL.md "Throttling"). Section <c>FollowThrough:Limits</c>.</summary>
public sealed class RateLimitOptions
{
    public int TenantPerSecond { get; set; } = 50;

    /// <summary>
    /// Added to every window: we time a request when it leaves, the service when it arrives, and network jitter
    /// could otherwise squeeze two requests into one window on its side. Every millisecond here slows a full-rate
    /// fan-out by a thousandth (100 ms made 3,000 messages take 1.09 times the minimum); a 429 that slips through is
    /// waited out (Retry-After), so the margin covers ordinary jitter, not the worst case.
    /// </summary>
    public TimeSpan Margin { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>
    /// How long one instance owns a tenant's proactive sends before it must renew (<see cref="TenantSendLeases"/>).
    /// A stopped instance's tenants wait at most this long for another to take them over.
    /// </summary>
    public TimeSpan TenantLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far apart two instances' clocks may be; part of the lease's unused end.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The end of a send lease its holder leaves unused: one tenant window plus the clock skew, so a taker's first send
    /// and the holder's last are never in one window. Capped at a third of the lease, so a short lease still sends.
    /// </summary>
    public TimeSpan TenantLeaseGuard
    {
        get
        {
            var guard = TimeSpan.FromSeconds(1) + Margin + MaxClockSkew;
            return guard < TenantLeaseDuration / 3 ? guard : TenantLeaseDuration / 3;
        }
    }

    /// <summary>
    /// The tenant's limit, and a fifth of it in any fifth of the window (10 in 208 ms): a fan-out goes out in small
    /// groups spread over the second rather than 50 at once, whose tail the network could carry into the next
    /// group's second on Teams' clock; it also spreads the storage work of a fan-out. A handful of messages still
    /// leaves at once.
    /// </summary>
    public IReadOnlyList<RateRule> TenantRules =>
    [
        new(TenantPerSecond, TimeSpan.FromSeconds(1) + Margin),
        new(Math.Max(1, TenantPerSecond / 5), (TimeSpan.FromSeconds(1) + Margin) / 5),
    ];

    public IReadOnlyList<RateRule> ConversationRules =>
    [
        new(7, TimeSpan.FromSeconds(1) + Margin),
        new(8, TimeSpan.FromSeconds(2) + Margin),
        new(60, TimeSpan.FromSeconds(30) + Margin),
        new(1800, TimeSpan.FromHours(1) + Margin),
    ];
}

/// <summary>
/// Reserves a send slot that keeps both the tenant's and the conversation's sliding windows under their limits,
/// then waits for it. Slots are reserved under one lock, so concurrent workers never overbook a window. It counts this
/// instance's sends only; <see cref="TenantSendLeases"/> makes that the whole deployment's for each tenant.
/// </summary>
public sealed class TeamsRateLimiter(RateLimitOptions options, TimeProvider time)
{
    private readonly object gate = new();
    private readonly Dictionary<string, List<DateTimeOffset>> tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTimeOffset>> conversations = new(StringComparer.Ordinal);

    /// <summary>Re-bookings of a slot that was left late before a send goes anyway (a machine that never catches up still sends).</summary>
    public const int MaxRebookings = 3;

    /// <summary>
    /// Waits for a slot and returns when the send may leave. A wait that ends later than its slot by more than half the
    /// margin (a busy machine, a pause) books again: the late send would otherwise leave beside the slots booked after
    /// it, and the windows count departures, not bookings. The late booking stays counted, which only slows the pace.
    /// </summary>
    public async Task<DateTimeOffset> WaitAsync(string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        for (var booking = 0; ; booking++)
        {
            var slot = Reserve(tenantId, conversationId);
            var delay = slot - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken);
            }

            var now = time.GetUtcNow();
            if (now - slot <= options.Margin / 2 || booking == MaxRebookings)
            {
                return now;
            }
        }
    }

    /// <summary>Books the earliest slot both limits allow and returns it.</summary>
    public DateTimeOffset Reserve(string tenantId, string conversationId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var tenant = Log(tenants, tenantId, now, options.TenantRules);
            var conversation = Log(conversations, conversationId, now, options.ConversationRules);
            var slot = Max(Earliest(tenant, options.TenantRules, now), Earliest(conversation, options.ConversationRules, now));
            tenant.Add(slot);
            conversation.Add(slot);
            return slot;
        }
    }

    private static List<DateTimeOffset> Log(Dictionary<string, List<DateTimeOffset>> logs, string key, DateTimeOffset now, IReadOnlyList<RateRule> rules)
    {
        if (!logs.TryGetValue(key, out var log))
        {
            log = [];
            logs[key] = log;
        }

        var horizon = now - rules.Max(r => r.Window);
        var stale = log.FindIndex(t => t > horizon);
        log.RemoveRange(0, stale < 0 ? log.Count : stale);
        if (logs.Count > 10_000)
        {
            // Conversations touched once an hour ago hold nothing that still limits; forget them.
            foreach (var idle in logs.Where(kv => kv.Value.Count == 0).Select(kv => kv.Key).ToList())
            {
                logs.Remove(idle);
            }
        }

        return log;
    }

    // The log is sorted and every booked slot is at or after the last one, so the window counts only fall as t grows:
    // the earliest slot is where the L-th most recent booking leaves the window.
    private static DateTimeOffset Earliest(List<DateTimeOffset> log, IReadOnlyList<RateRule> rules, DateTimeOffset now)
    {
        var t = log.Count > 0 ? Max(now, log[^1]) : now;
        foreach (var rule in rules)
        {
            if (log.Count >= rule.Count)
            {
                t = Max(t, log[^rule.Count] + rule.Window);
            }

        }

        return t;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
