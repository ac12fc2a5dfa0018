using System.Globalization;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.DirectLine;

/// <summary>
/// One playground conversation: its token, its user, and the activities Web Chat polls for.
/// Activity ids are the conversation id and a sequence number, as the real Direct Line does;
/// the watermark is the next sequence number, so trimming old activities never renumbers.
/// </summary>
internal sealed class DirectLineConversation(string id, string token, DateTimeOffset createdAt, int maxActivities)
{
    private readonly Lock gate = new();
    private readonly LinkedList<(long Seq, Activity Activity)> history = new();
    private long nextSeq;

    public string Id { get; } = id;

    public string Token { get; } = token;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset TokenExpiresAt { get; set; }

    /// <summary>The user, once they posted; set once, so the greeting runs once.</summary>
    public ChannelAccount? User { get; private set; }

    /// <summary>Records the user; true only for the first call.</summary>
    public bool TrySetUser(ChannelAccount user)
    {
        lock (gate)
        {
            if (User is not null)
            {
                return false;
            }

            User = user;
            return true;
        }
    }

    /// <summary>Adds an activity to the stream, giving it an id; returns the id.</summary>
    public string Append(Activity activity)
    {
        lock (gate)
        {
            var seq = nextSeq++;
            activity.Id = Id + "|" + seq.ToString("D7", CultureInfo.InvariantCulture);
            history.AddLast((seq, activity));
            while (history.Count > maxActivities)
            {
                history.RemoveFirst();
            }

            return activity.Id;
        }
    }

    /// <summary>The activities from <paramref name="watermark"/> on, and the watermark to ask with next.</summary>
    public (IReadOnlyList<Activity> Activities, long Watermark) Since(long watermark)
    {
        lock (gate)
        {
            return ([.. history.Where(e => e.Seq >= watermark).Select(e => e.Activity)], nextSeq);
        }
    }

    /// <summary>
    /// Replaces the activity with the same id; false when there is none. The new version goes to the end
    /// of the stream, keeping its id and first timestamp: Web Chat then swaps it in where the old one was.
    /// </summary>
    public bool Replace(Activity activity)
    {
        lock (gate)
        {
            for (var node = history.First; node is not null; node = node.Next)
            {
                if (node.Value.Activity.Id == activity.Id)
                {
                    activity.Timestamp = node.Value.Activity.Timestamp;
                    history.Remove(node);
                    history.AddLast((nextSeq++, activity));
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Removes the activity with this id; false when there is none.</summary>
    public bool Remove(string activityId)
    {
        lock (gate)
        {
            for (var node = history.First; node is not null; node = node.Next)
            {
                if (node.Value.Activity.Id == activityId)
                {
                    history.Remove(node);
                    return true;
                }
            }

            return false;
        }
    }
}
