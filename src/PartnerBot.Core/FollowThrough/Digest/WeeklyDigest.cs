using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Digest;

public sealed record StageCount(PartnerStage Stage, int Count, int MovedThisWeek);

/// <summary>A candidate awaiting a decision; <paramref name="Score"/> is its priority score (assessment, else screening), null when it has neither.</summary>
public sealed record RankedCandidate(string PartnerId, string Name, PartnerStage Stage, double? Score, int Raters);

public sealed record OverdueByContact(string UserId, string Name, IReadOnlyList<string> Items);

public sealed record HealthAlert(string PartnerId, string Name, SunsetAdvice Advice, string Explanation);

public sealed record Share(string Name, int Count, double Fraction);

public sealed record UncoveredNeed(string NeedId, string Description, string Goal);

/// <summary>
/// A partnership where the partner's latest answer and the library's checks of the time are far apart; each of
/// <c>Gaps</c> in words: "the library rates communication 4, the partner rates it 2".
/// </summary>
public sealed record PartnerDisagreement(string PartnerId, string Name, IReadOnlyList<string> Gaps);

/// <summary>
/// A partner that left the link it was sent unanswered (see <see cref="PartnerViews.Unanswered"/>); <c>StillOpen</c> while
/// the link still works (asked over a week ago), false once it closed.
/// </summary>
public sealed record PartnerSilence(string PartnerId, string Name, DateTimeOffset AskedAt, DateTimeOffset ClosesAt, bool StillOpen);

/// <summary>The partners' own side of the health check, as the digest shows it.</summary>
public sealed record PartnerSideDigest(IReadOnlyList<PartnerDisagreement> Disagreements, IReadOnlyList<PartnerSilence> NotAnswered)
{
    public static PartnerSideDigest None { get; } = new([], []);

    public bool IsEmpty => Disagreements.Count == 0 && NotAnswered.Count == 0;
}

/// <summary>Introductions between community actors made this calendar month, and how many of them led to a joint project.</summary>
public sealed record IntroductionsThisMonth(int Count, int JointProjects);

/// <summary>Everything one workspace's digest says, built from data, before any words or card.</summary>
public sealed record WeeklyDigest
{
    public required string WorkspaceName { get; init; }
    /// <summary>The ISO week ("2026-W48"): part of the digest's delivery key, never shown.</summary>
    public required string Week { get; init; }
    /// <summary>The Monday the digest's week starts on, in the reader's zone: what the card shows ("week of 30 Nov").</summary>
    public DateOnly FirstDay { get; init; }
    public required IReadOnlyList<StageCount> Pipeline { get; init; }
    public required IReadOnlyList<string> MovedThisWeek { get; init; }
    public required IReadOnlyList<string> NewCandidates { get; init; }
    public required IReadOnlyList<RankedCandidate> AwaitingDecision { get; init; }
    public required IReadOnlyList<OverdueByContact> Overdue { get; init; }
    public required IReadOnlyList<HealthAlert> HealthAlerts { get; init; }
    public required IReadOnlyList<Share> Sectors { get; init; }
    public required IReadOnlyList<Share> Clusters { get; init; }
    public required IReadOnlyList<string> ConcentrationWarnings { get; init; }
    public required IReadOnlyList<UncoveredNeed> UncoveredNeeds { get; init; }
    public required IReadOnlyList<string> Unreachable { get; init; }
    /// <summary>Where partners' own answers disagree with the library's, and partners who did not answer.</summary>
    public PartnerSideDigest PartnerSide { get; init; } = PartnerSideDigest.None;

    /// <summary>Introductions made this month; zero of each when none.</summary>
    public IntroductionsThisMonth Introductions { get; init; } = new(0, 0);

    /// <summary>The ecosystem health index this week, its change and (drawn by the host) its chart; null when not computed.</summary>
    public Ecosystem.EcosystemSummary? Ecosystem { get; init; }

    public bool IsEmpty => Pipeline.All(p => p.Count == 0) && UncoveredNeeds.Count == 0;
}

/// <summary>
/// Writes the two or three sentences at the top of the digest. The language engineer's narrator can stand in;
/// <see cref="DigestNarrative"/> hands it to the language feature's narrator.
/// </summary>
public interface IDigestNarrative
{
    Task<string> WriteAsync(WeeklyDigest digest, CancellationToken cancellationToken);
}
