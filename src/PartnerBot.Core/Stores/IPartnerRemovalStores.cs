using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Stores;

/// <summary>
/// The audit entry of an erase: who erased a partner and when, and how much went. It names the partner only by its
/// random id and holds nothing of the person's data (no name, notes or history).
/// </summary>
public sealed record PartnerErasure
{
    public required string Id { get; init; }
    public required string PartnerId { get; init; }
    public required DateTimeOffset ErasedAt { get; init; }
    public required string ErasedByUserId { get; init; }
    /// <summary>Rows removed with the partner's own (history, next steps); set by the store.</summary>
    public int RowsRemoved { get; init; }
}

/// <summary>
/// Archived partners and erasing. Every other read of partners (<see cref="IPartnerStore.ListAsync"/>, the pipeline,
/// the screening views) leaves archived partners out; only here are they listed, for restoring.
/// </summary>
public interface IPartnerRemovalStore
{
    /// <summary>The workspace's archived partners, each with its ETag: one partition query.</summary>
    Task<IReadOnlyList<Stored<Partner>>> ListArchivedAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the partner's row, its history (screenings, assessments, interactions, health checks, formalisation)
    /// and its next steps, and writes <paramref name="audit"/>. The partner row goes only if unchanged since
    /// <paramref name="partnerETag"/>, in the same transaction as the audit entry and the first rows; a conflict throws
    /// <see cref="ConcurrencyConflictException"/> and removes nothing. Returns the audit entry as written.
    /// </summary>
    Task<PartnerErasure> EraseAsync(WorkspaceKey workspace, string partnerId, string partnerETag, PartnerErasure audit, CancellationToken cancellationToken);
}

/// <summary>Messages in the outbox not sent yet, for removing what names an erased partner.</summary>
public interface IUnsentMessageStore
{
    /// <summary>
    /// Removes every unsent message of <paramref name="workspace"/> for which <paramref name="names"/> is true (with its
    /// idempotency record, so a schedule may write a fresh one); returns how many.
    /// </summary>
    Task<int> RemoveUnsentAsync(WorkspaceKey workspace, Func<OutboxMessage, bool> names, CancellationToken cancellationToken);
}

/// <summary>Where no outbox is configured there is nothing waiting to be sent.</summary>
public sealed class NoUnsentMessages : IUnsentMessageStore
{
    public Task<int> RemoveUnsentAsync(WorkspaceKey workspace, Func<OutboxMessage, bool> names, CancellationToken cancellationToken) => Task.FromResult(0);
}
