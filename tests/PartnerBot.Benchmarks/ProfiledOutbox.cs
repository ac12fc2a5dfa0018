using System.Diagnostics;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;

namespace PartnerBot.Benchmarks;

/// <summary>
/// The product's outbox store with a stopwatch on each call, so the fan-out report can say how much of the run
/// went to the dispatcher's scans and to its per-message writes rather than to waiting on the rate limit.
/// </summary>
internal sealed class ProfiledOutbox(IOutboxStore inner) : IOutboxStore
{
    private long scans;
    private long scanned;
    private long scanTicks;
    private long updates;
    private long updateTicks;
    private long enqueues;
    private long enqueueTicks;

    public OutboxProfile Profile => new(
        (int)Interlocked.Read(ref scans),
        (int)Interlocked.Read(ref scanned),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref scanTicks)),
        (int)Interlocked.Read(ref updates),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref updateTicks)),
        (int)Interlocked.Read(ref enqueues),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref enqueueTicks)));

    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var written = await inner.EnqueueAsync(message, cancellationToken);
        Add(ref enqueues, ref enqueueTicks, started);
        return written;
    }

    public Task<Stored<OutboxMessage>?> GetAsync(string tenantId, string key, CancellationToken cancellationToken) =>
        inner.GetAsync(tenantId, key, cancellationToken);

    public async Task<IReadOnlyList<Stored<OutboxMessage>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var due = await inner.ListDueAsync(now, max, cancellationToken);
        Add(ref scans, ref scanTicks, started);
        Interlocked.Add(ref scanned, due.Count);
        return due;
    }

    public async Task<Stored<OutboxMessage>?> TryUpdateAsync(Stored<OutboxMessage> current, OutboxMessage next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var updated = await inner.TryUpdateAsync(current, next, cancellationToken);
        Add(ref updates, ref updateTicks, started);
        return updated;
    }

    public async Task<bool> ConfirmEnqueuedAsync(Stored<OutboxMessage> due, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var confirmed = await inner.ConfirmEnqueuedAsync(due, cancellationToken);
        Add(ref updates, ref updateTicks, started);
        return confirmed;
    }

    public Task<int> PurgeExpiredKeysAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        inner.PurgeExpiredKeysAsync(now, max, cancellationToken);

    public Task<IReadOnlyList<string>> ListFailedRecipientsAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken) =>
        inner.ListFailedRecipientsAsync(tenantId, since, cancellationToken);

    private static void Add(ref long count, ref long ticks, long started)
    {
        Interlocked.Increment(ref count);
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - started);
    }
}

/// <summary>Calls to the outbox during a fan-out and the time spent in them (summed over concurrent callers).</summary>
internal sealed record OutboxProfile(int Scans, int Listed, TimeSpan ScanTime, int Updates, TimeSpan UpdateTime, int Enqueues, TimeSpan EnqueueTime);
