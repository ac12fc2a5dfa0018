using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Introductions;

/// <summary>What came of an introduction, as the contact who recorded it later says.</summary>
public enum IntroductionOutcome
{
    /// <summary>Nothing recorded yet.</summary>
    Pending,

    /// <summary>The two started something together.</summary>
    JointProject,

    /// <summary>They keep in touch; nothing joint yet.</summary>
    InTouch,

    /// <summary>It led nowhere.</summary>
    NoFollowUp,
}

/// <summary>
/// The library introduced two community actors (partners or candidates) to each other (seed 004: "also focus on
/// connecting local community actors to each other"): who, when, why, and later what came of it.
/// </summary>
public sealed record Introduction
{
    public required string Id { get; init; }
    public required string FirstPartnerId { get; init; }
    public required string SecondPartnerId { get; init; }
    /// <summary>Why, in a sentence (the suggestion's reason, or the contact's own words).</summary>
    public required string Reason { get; init; }
    /// <summary>The day the two were introduced.</summary>
    public required DateOnly IntroducedOn { get; init; }
    public required string RecordedByUserId { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    public IntroductionOutcome Outcome { get; init; } = IntroductionOutcome.Pending;
    public string? OutcomeNote { get; init; }
    public DateTimeOffset? OutcomeAt { get; init; }
    public string? OutcomeByUserId { get; init; }

    /// <summary>Whether this introduction is between these two partners, in either order.</summary>
    public bool IsBetween(string partnerId, string otherPartnerId) =>
        (FirstPartnerId == partnerId && SecondPartnerId == otherPartnerId) || (FirstPartnerId == otherPartnerId && SecondPartnerId == partnerId);

    /// <summary>Whether this introduction names <paramref name="partnerId"/>.</summary>
    public bool Involves(string partnerId) => FirstPartnerId == partnerId || SecondPartnerId == partnerId;
}

/// <summary>A workspace's introductions, rows in its pipeline partition (so the digest reads them in the same query).</summary>
public interface IIntroductionStore
{
    /// <summary>One range query within the workspace's partition.</summary>
    Task<IReadOnlyList<Stored<Introduction>>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    /// <summary>One point read.</summary>
    Task<Stored<Introduction>?> GetAsync(WorkspaceKey workspace, string introductionId, CancellationToken cancellationToken);

    /// <summary>Inserts when <paramref name="etag"/> is null, else replaces if unchanged; throws <see cref="ConcurrencyConflictException"/> otherwise.</summary>
    Task<Stored<Introduction>> SaveAsync(WorkspaceKey workspace, Introduction introduction, string? etag, CancellationToken cancellationToken);
}
