using System.Collections.Concurrent;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.Processing;

/// <summary>
/// Remembers recently seen activity ids, because a channel that got no answer in time resends the
/// same activity and the user must not get two welcomes or two saved records.
/// </summary>
public sealed class ActivityDeduplicator(TimeProvider timeProvider)
{
    internal static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    /// <summary>True the first time an activity is seen; false for a repeat within the window.</summary>
    public bool TryBegin(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Key(activity) is not { } key)
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

    /// <summary>Forgets an activity whose turn failed, so the channel's retry gets another chance.</summary>
    public void Forget(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Key(activity) is { } key)
        {
            seen.TryRemove(key, out _);
        }
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
}
