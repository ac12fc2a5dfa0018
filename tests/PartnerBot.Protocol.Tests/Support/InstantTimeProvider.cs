using System.Collections.Concurrent;

namespace PartnerBot.Protocol.Tests.Support;

/// <summary>
/// A clock whose timers fire at once and record what they were asked to wait, so retry tests
/// check the backoff without sleeping. The current time is settable.
/// </summary>
public sealed class InstantTimeProvider : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Delays.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new NoTimer();
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
