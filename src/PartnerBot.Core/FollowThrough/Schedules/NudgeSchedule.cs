using PartnerBot.Core.FollowThrough.Nudges;

namespace PartnerBot.Core.FollowThrough.Schedules;

/// <summary>What has happened to one cause for one person: how often it was sent, and any snooze.</summary>
public sealed record NudgeState
{
    public required string CauseKey { get; init; }
    public int SentCount { get; init; }
    public DateTimeOffset? LastSentAt { get; init; }
    public DateTimeOffset? SnoozedUntil { get; init; }
    /// <summary>Set when the person pressed Done: the cause stays quiet even if the data lags behind.</summary>
    public bool Dismissed { get; init; }
}

public enum SnoozeLength
{
    OneDay,
    OneWeek,
}

public abstract record NudgeDecision
{
    /// <summary>Send now; <see cref="Occurrence"/> numbers the repeat so the outbox key differs per repeat.</summary>
    public sealed record SendNow(int Occurrence) : NudgeDecision;

    public sealed record WaitUntil(DateTimeOffset When) : NudgeDecision;

    public sealed record Never(string Why) : NudgeDecision;
}

/// <summary>Decides whether a live cause is sent now, later, or not at all.</summary>
public static class NudgeSchedule
{
    /// <summary>Days between repeats of the same cause: 1, 2, 4, then every 8.</summary>
    public static TimeSpan BackoffAfter(int sentCount) =>
        TimeSpan.FromDays(Math.Min(8, 1 << Math.Clamp(sentCount - 1, 0, 3)));

    public static NudgeState Snooze(NudgeState state, SnoozeLength length, DateTimeOffset now) =>
        state with { SnoozedUntil = now + (length == SnoozeLength.OneDay ? TimeSpan.FromDays(1) : TimeSpan.FromDays(7)) };

    public static NudgeDecision Decide(NudgeCause cause, NudgeState? state, DeliveryPreferences prefs, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (prefs.MutedKinds.Contains(cause.Kind))
        {
            return new NudgeDecision.Never("muted");
        }

        if (state?.Dismissed == true)
        {
            return new NudgeDecision.Never("dismissed");
        }

        var notBefore = now;
        if (state?.SnoozedUntil is { } snoozed && snoozed > notBefore)
        {
            notBefore = snoozed;
        }

        if (state is { SentCount: > 0, LastSentAt: { } last } && last + BackoffAfter(state.SentCount) > notBefore)
        {
            notBefore = last + BackoffAfter(state.SentCount);
        }

        var opening = DeliveryWindow.NextOpening(prefs, zone, notBefore);
        return opening <= now
            ? new NudgeDecision.SendNow((state?.SentCount ?? 0) + 1)
            : new NudgeDecision.WaitUntil(opening);
    }
}
