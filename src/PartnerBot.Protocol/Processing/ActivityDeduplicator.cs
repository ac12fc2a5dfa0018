using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.Processing;

/// <summary>
/// Remembers recently seen activity ids, because a channel that got no answer in time resends the
/// same activity (to any instance) and the user must not get two welcomes or two saved records.
/// Memory answers repeats on this instance; <see cref="IActivityClaims"/> answers for the others.
/// </summary>
public sealed partial class ActivityDeduplicator(TimeProvider timeProvider, IActivityClaims claims, ILogger<ActivityDeduplicator> logger)
{
    /// <summary>How long a seen activity counts as a repeat.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    /// <summary>How long the shared claim may take; past it the activity is processed (the channel waits 15 s in all).</summary>
    internal static readonly TimeSpan ClaimDeadline = TimeSpan.FromSeconds(2);

    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    /// <summary>
    /// True the first time any instance sees an activity; false for a repeat within the window. When the shared
    /// claims cannot be reached in time, only this instance's memory decides: a rare double beats a lost message.
    /// </summary>
    public async Task<bool> TryBeginAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!TryBegin(activity, out var key))
        {
            return false;
        }

        if (key is null)
        {
            return true;
        }

        try
        {
            using var deadline = new CancellationTokenSource(ClaimDeadline, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            if (await claims.TryClaimAsync(key, timeProvider.GetUtcNow(), linked.Token).WaitAsync(linked.Token))
            {
                return true;
            }

            // Another instance has it. Not remembered here: should its turn fail and give the claim up, the
            // channel's retry may land on this instance and must run.
            seen.TryRemove(key, out _);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogClaimFailed(logger, e, activity.Id);
            return true;
        }
    }

    /// <summary>Forgets an activity whose turn failed, here and for every instance, so the channel's retry gets another chance.</summary>
    public async Task ForgetAsync(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Key(activity) is not { } key)
        {
            return;
        }

        seen.TryRemove(key, out _);
        try
        {
            using var deadline = new CancellationTokenSource(ClaimDeadline, timeProvider);
            await claims.ReleaseAsync(key, timeProvider.GetUtcNow(), deadline.Token).WaitAsync(deadline.Token);
        }
        catch (Exception e)
        {
            // The claim runs out on its own; until then the retry is refused elsewhere, as before this instance knew.
            LogReleaseFailed(logger, e, activity.Id);
        }
    }

    /// <summary>The in-memory check alone: true the first time this instance sees an activity.</summary>
    private bool TryBegin(Activity activity, out string? key)
    {
        key = Key(activity);
        if (key is null)
        {
            return true;
        }

        var now = timeProvider.GetUtcNow();
        if (seen.Count > MaxEntries)
        {
            Prune(now);
        }

        if (seen.TryAdd(key, now))
        {
            return true;
        }

        // An entry older than the window belongs to a different delivery; take it over.
        if (seen.TryGetValue(key, out var at) && now - at > Window && seen.TryUpdate(key, now, at))
        {
            return true;
        }

        return false;
    }

    private static string? Key(Activity activity) =>
        string.IsNullOrEmpty(activity.Id) ? null : $"{activity.ChannelId}\n{activity.Conversation?.Id}\n{activity.Id}";

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, at) in seen)
        {
            if (now - at > Window)
            {
                seen.TryRemove(key, out _);
            }
        }

        // Under a flood of distinct ids, forget the oldest: memory stays bounded, and a very late
        // retry of a forgotten id is the lesser harm.
        // Trim to 90% so the sort runs once per few thousand new ids, not on every one.
        var excess = seen.Count - (MaxEntries / 10 * 9);
        if (excess > 0)
        {
            foreach (var (key, _) in seen.OrderBy(e => e.Value).Take(excess))
            {
                seen.TryRemove(key, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check whether another instance already took activity {ActivityId}; processing it")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string? activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not give up the claim on failed activity {ActivityId}; a retry on another instance is refused until the claim runs out")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string? activityId);
}
