namespace PartnerBot.Web.FollowThrough.Delivery;

/// <summary>
/// A limit of <see cref="Count"/> requests in any <see cref="Window"/>. <see cref="FromResponse"/>: a request counts
/// until its response came back (the service received it at some moment before that, which we cannot see), so a
/// request that left late or travelled slowly is still counted where the service may have counted it. Otherwise the
/// rule only spaces departures.
/// </summary>
public sealed record RateRule(int Count, TimeSpan Window, bool FromResponse = true);

/// <summary>Teams' published limits (PROTOCOL.md "Throttling"). Section <c>FollowThrough:Limits</c>.</summary>
public sealed class RateLimitOptions
{
    public int TenantPerSecond { get; set; } = 50;

    /// <summary>
    /// Added to every window. The windows count each request from when it left to when its response came back, so
    /// network delay is covered already; the margin only keeps a request that leaves exactly one window after another's
    /// response off the service's window boundary. Every millisecond slows a full-rate fan-out by a thousandth.
    /// </summary>
    public TimeSpan Margin { get; set; } = TimeSpan.FromMilliseconds(10);

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
    /// The tenant's limit, counted from response to departure, and a pacing rule on departures only: a fifth of the
    /// limit in any fifth of the window (10 in 202 ms), so a fan-out leaves in small groups spread over the second
    /// rather than 50 at once, which also spreads its storage work. A handful of messages still leaves at once.
    /// </summary>
    public IReadOnlyList<RateRule> TenantRules =>
    [
        new(TenantPerSecond, TimeSpan.FromSeconds(1) + Margin),
        new(Math.Max(1, TenantPerSecond / 5), (TimeSpan.FromSeconds(1) + Margin) / 5, FromResponse: false),
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
/// Keeps both the tenant's and the conversation's sliding windows under their limits as the service counts them. Every
/// send is booked in order; send <c>k</c> may leave only when, for each rule of <c>L</c> in a window <c>W</c>, every
/// send booked <c>L</c> or more places before it has had its response for <c>W</c>. Whatever the network does, the
/// service received each of those before its response, and send <c>k</c> after it left, so no <c>W</c> holds more
/// than <c>L</c> arrivals. It counts this instance's sends only; <see cref="TenantSendLeases"/> makes that the whole
/// deployment's for each tenant.
/// </summary>
public sealed class TeamsRateLimiter(RateLimitOptions options, TimeProvider time)
{
    private readonly object gate = new();
    private readonly Dictionary<string, List<SendSlot>> tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SendSlot>> conversations = new(StringComparer.Ordinal);

    /// <summary>
    /// Waits until a send is nearly due and returns its slot: early by about the time a send's preparation has been
    /// taking (its storage writes; at most <see cref="MaxLead"/>), so the preparation overlaps the wait. Call
    /// <see cref="SendSlot.LeaveAsync"/> right before the request goes out: it waits out what is left. Dispose the slot
    /// (or call <see cref="SendSlot.Complete()"/>) as soon as the response came back or the send was given up: until then
    /// it holds back the sends booked a full window after it.
    /// </summary>
    public async Task<SendSlot> WaitAsync(string tenantId, string conversationId, CancellationToken cancellationToken)
    {
        var slot = Book(tenantId, conversationId);
        try
        {
            while (true)
            {
                var (earliest, blocker) = Earliest(slot);
                if (blocker is not null)
                {
                    await blocker.WaitAsync(cancellationToken);
                    continue;
                }

                var delay = earliest - Lead - time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, cancellationToken);
                    continue;
                }

                slot.Ready(time.GetUtcNow(), earliest);
                return slot;
            }
        }
        catch
        {
            slot.Complete();
            throw;
        }
    }

    /// <summary>The most a slot is handed out before it is due.</summary>
    public static readonly TimeSpan MaxLead = TimeSpan.FromMilliseconds(250);

    private TimeSpan? preparation;

    /// <summary>How early slots are handed out: the recent preparation time of a send, at most <see cref="MaxLead"/>.</summary>
    public TimeSpan Lead
    {
        get
        {
            lock (gate)
            {
                return preparation is { } p ? (p < MaxLead ? p : MaxLead) : TimeSpan.Zero;
            }
        }
    }

    private void Prepared(TimeSpan took)
    {
        lock (gate)
        {
            preparation = preparation is { } p ? (p * 0.8) + (took * 0.2) : took;
        }
    }

    /// <summary>Books a send in both its tenant's and its conversation's order; it has not left yet.</summary>
    public SendSlot Book(string tenantId, string conversationId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var tenant = Log(tenants, tenantId, now, options.TenantRules);
            var conversation = Log(conversations, conversationId, now, options.ConversationRules);
            var slot = new SendSlot(this, tenant, conversation);
            tenant.Add(slot);
            conversation.Add(slot);
            return slot;
        }
    }

    /// <summary>
    /// The earliest moment <paramref name="slot"/> may leave, or the send it waits for when that send has not left or
    /// not had its response yet.
    /// </summary>
    public (DateTimeOffset Earliest, SendSlot? WaitingFor) Earliest(SendSlot slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        lock (gate)
        {
            var t = time.GetUtcNow();
            var (tenantAt, tenantBlocker) = Earliest(slot.Tenant, slot, options.TenantRules);
            if (tenantBlocker is not null)
            {
                return (t, tenantBlocker);
            }

            var (conversationAt, conversationBlocker) = Earliest(slot.Conversation, slot, options.ConversationRules);
            return (Max(t, Max(tenantAt, conversationAt)), conversationBlocker);
        }
    }

    internal DateTimeOffset Now => time.GetUtcNow();

    internal TimeProvider Time => time;

    private static (DateTimeOffset At, SendSlot? Blocker) Earliest(List<SendSlot> log, SendSlot slot, IReadOnlyList<RateRule> rules)
    {
        var index = log.IndexOf(slot);
        var at = DateTimeOffset.MinValue;
        foreach (var rule in rules)
        {
            // Sends at index - Count and before: the latest of their departures (or responses) plus the window.
            for (var i = index - rule.Count; i >= 0; i--)
            {
                var mark = rule.FromResponse ? log[i].RespondedAt : log[i].DepartedAt;
                if (mark is null)
                {
                    return (at, log[i]);
                }

                at = Max(at, mark.Value + rule.Window);
            }
        }

        return (at, null);
    }

    private static List<SendSlot> Log(Dictionary<string, List<SendSlot>> logs, string key, DateTimeOffset now, IReadOnlyList<RateRule> rules)
    {
        if (!logs.TryGetValue(key, out var log))
        {
            log = [];
            logs[key] = log;
        }

        // A send whose response came back longer ago than the longest window limits nothing that is booked from now on:
        // forget the oldest of those (never one still in flight, and never past one).
        var horizon = now - rules.Max(r => r.Window);
        var stale = log.FindIndex(s => s.RespondedAt is not { } r || r > horizon);
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

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>One booked send: when it left, and when its response came back.</summary>
    public sealed class SendSlot : IDisposable
    {
        private readonly TeamsRateLimiter limiter;
        private readonly TaskCompletionSource departed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource responded = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal SendSlot(TeamsRateLimiter limiter, List<SendSlot> tenant, List<SendSlot> conversation)
        {
            this.limiter = limiter;
            Tenant = tenant;
            Conversation = conversation;
        }

        internal List<SendSlot> Tenant { get; }

        internal List<SendSlot> Conversation { get; }

        public DateTimeOffset? DepartedAt { get; private set; }

        /// <summary>When <see cref="WaitAsync"/> handed the slot out, and the moment it may leave.</summary>
        public DateTimeOffset? ReadyAt { get; private set; }

        public DateTimeOffset? DueAt { get; private set; }

        public DateTimeOffset? RespondedAt { get; private set; }

        internal void Ready(DateTimeOffset at, DateTimeOffset due)
        {
            ReadyAt = at;
            DueAt = due;
        }

        /// <summary>
        /// Waits until the slot is due (at most the lead it was handed out with) and marks the send as leaving now. Not
        /// cancellable: the wait is short, and the caller has already said the send is going.
        /// </summary>
        public async Task LeaveAsync()
        {
            var now = limiter.Now;
            if (ReadyAt is { } ready)
            {
                limiter.Prepared(now - ready);
            }

            if (DueAt is { } due && due > now)
            {
                await Task.Delay(due - now, limiter.Time);
            }

            Depart(limiter.Now);
        }

        /// <summary>Marks the send as left at <paramref name="at"/>.</summary>
        public void Depart(DateTimeOffset at)
        {
            lock (limiter.gate)
            {
                DepartedAt ??= at;
            }

            departed.TrySetResult();
        }

        /// <summary>Marks the send's response as come back now (or the send as given up); only the first call counts.</summary>
        public void Complete() => Complete(limiter.Now);

        /// <summary>Marks the send's response as come back at <paramref name="at"/>; only the first call counts.</summary>
        public void Complete(DateTimeOffset at)
        {
            lock (limiter.gate)
            {
                DepartedAt ??= at;
                RespondedAt ??= at;
            }

            departed.TrySetResult();
            responded.TrySetResult();
        }

        public void Dispose() => Complete();

        // Whichever mark the waiting rule needs: a departure-only rule is satisfied once this send left.
        internal Task WaitAsync(CancellationToken cancellationToken) =>
            (DepartedAt is null ? departed.Task : responded.Task).WaitAsync(cancellationToken);
    }
}
