using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.FollowThrough.Health;

/// <summary>
/// One round of the partner's side of a health check: the library's contact asks the partner's own contact to answer
/// the same questions from their side, on a web page reached by a signed link. A round names one partner, expires, can
/// be revoked, and holds at most one answer, which the partner may edit until the round closes.
/// </summary>
public sealed record PartnerRound
{
    public required string Id { get; init; }
    public required string PartnerId { get; init; }
    /// <summary>The library's member who asked for the partner's view.</summary>
    public required string CreatedByUserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The round closes then: the link stops working and the answer can no longer change.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }
    /// <summary>Set when someone at the library revoked the link: the round is closed from then on.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedByUserId { get; init; }
    /// <summary>The partner's answer; null until they answer.</summary>
    public PartnerResponse? Response { get; init; }

    /// <summary>Whether the round still takes (or lets the partner edit) an answer at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>The partner's answer to one round: a score from 1 to 5 per question they were asked, and an optional comment.</summary>
public sealed record PartnerResponse
{
    public required IReadOnlyDictionary<HealthQuestion, int> Scores { get; init; }
    public string? Comment { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }
}

/// <summary>The rounds of the partner's side, rows beside the partner (erased with it, exported with the workspace).</summary>
public interface IPartnerRoundStore
{
    /// <summary>One point read; null when the partner or the round is gone.</summary>
    Task<Stored<PartnerRound>?> GetAsync(WorkspaceKey workspace, string partnerId, string roundId, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts when <paramref name="etag"/> is null, else replaces if unchanged since <paramref name="etag"/>; throws
    /// <see cref="ConcurrencyConflictException"/> and changes nothing when the row exists (insert) or changed or is gone (replace).
    /// </summary>
    Task<Stored<PartnerRound>> SaveAsync(WorkspaceKey workspace, PartnerRound round, string? etag, CancellationToken cancellationToken);
}

/// <summary>
/// Makes the signed link to a round's partner page. The host implements it (the signing key and the public address are
/// its configuration); Core only asks for the link to put in the card and the drafted e-mail.
/// </summary>
public interface IPartnerLinks
{
    /// <summary>The page's full address for <paramref name="round"/>, valid until the round expires.</summary>
    string Create(WorkspaceKey workspace, PartnerRound round);
}
