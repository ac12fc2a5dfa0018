using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>The plain figures of one weekly digest, for the narrative at its top.</summary>
public sealed record DigestFacts
{
    public IReadOnlyDictionary<PartnerStage, int> CountsByStage { get; init; } = new Dictionary<PartnerStage, int>();

    /// <summary>Partners whose stage changed this week.</summary>
    public int MovedThisWeek { get; init; }

    /// <summary>Candidates added this week.</summary>
    public int NewCandidates { get; init; }

    /// <summary>Names of the best-ranked candidates still waiting for a decision.</summary>
    public IReadOnlyList<string> AwaitingDecision { get; init; } = [];

    public int OverdueSteps { get; init; }

    /// <summary>Names of partners whose health checks are poor.</summary>
    public IReadOnlyList<string> HealthAlerts { get; init; } = [];

    /// <summary>Names of partners the rules recommend reviewing or ending (seed 004).</summary>
    public IReadOnlyList<string> SunsetRecommendations { get; init; } = [];

    /// <summary>Ready-made warnings, e.g. "Two thirds of active partners are market partners".</summary>
    public IReadOnlyList<string> ConcentrationWarnings { get; init; } = [];

    /// <summary>Descriptions of needs no candidate covers yet.</summary>
    public IReadOnlyList<string> UncoveredNeeds { get; init; } = [];

    /// <summary>People the bot could not message (no conversation reference, or delivery failing).</summary>
    public int UnreachablePeople { get; init; }
}

/// <summary>Writes the two or three sentences at the top of the weekly digest.</summary>
public interface IDigestNarrator
{
    Task<string> NarrateAsync(DigestFacts facts, CancellationToken cancellationToken);
}
