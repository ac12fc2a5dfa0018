using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.FollowThrough.Delivery;

public interface IOutboxStore
{
    /// <summary>Writes the message unless its key is already there; true when this call wrote it.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// The idempotency record of a key while it is kept (its status, attempts and outcome; the payload only while it
    /// waits is not part of it); null once its retention ended or if it never was enqueued. Not for updating.
    /// </summary>
    Task<Stored<OutboxMessage>?> GetAsync(string tenantId, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Messages to work on now: pending and due, or claimed by an instance whose claim has run out. Reads only those
    /// (a range on due time), however many messages were sent before.
    /// </summary>
    Task<IReadOnlyList<Stored<OutboxMessage>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// True when <paramref name="due"/> is the enqueue its key's idempotency record names (writing the record if an
    /// enqueue stopped before it did); false, and the row removed, when it is a leftover copy.
    /// </summary>
    Task<bool> ConfirmEnqueuedAsync(Stored<OutboxMessage> due, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the message if nobody changed it since <paramref name="current"/> was read; null when someone did
    /// (another instance claimed or finished it first). A final status takes it out of the due range and into its
    /// idempotency record.
    /// </summary>
    Task<Stored<OutboxMessage>?> TryUpdateAsync(Stored<OutboxMessage> current, OutboxMessage next, CancellationToken cancellationToken);

    /// <summary>Removes idempotency records whose retention ended before <paramref name="now"/>; returns how many.</summary>
    Task<int> PurgeExpiredKeysAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Recipients of a tenant's messages that ended <see cref="OutboxStatus.Failed"/> since <paramref name="since"/>.</summary>
    Task<IReadOnlyList<string>> ListFailedRecipientsAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>A named lease: at most one holder until it expires, so a scheduled run happens once across instances.</summary>
public interface ILeaseStore
{
    /// <summary>True when <paramref name="owner"/> now holds the lease (new, expired, or already its own).</summary>
    Task<bool> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken);

    Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken);
}

/// <summary>Per-workspace rule settings, per-person delivery preferences and per-cause nudge state.</summary>
public interface IFollowThroughSettingsStore
{
    Task<NudgeSettings> GetNudgeSettingsAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    Task SaveNudgeSettingsAsync(WorkspaceKey workspace, NudgeSettings settings, CancellationToken cancellationToken);

    Task<DigestSettings> GetDigestSettingsAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    Task SaveDigestSettingsAsync(WorkspaceKey workspace, DigestSettings settings, CancellationToken cancellationToken);

    Task<DeliveryPreferences> GetPreferencesAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken);

    Task SavePreferencesAsync(WorkspaceKey workspace, string userId, DeliveryPreferences preferences, CancellationToken cancellationToken);

    /// <summary>Every nudge state of one person: one partition range query.</summary>
    Task<IReadOnlyList<NudgeState>> ListNudgeStatesAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken);

    Task SaveNudgeStateAsync(WorkspaceKey workspace, string userId, NudgeState state, CancellationToken cancellationToken);
}
