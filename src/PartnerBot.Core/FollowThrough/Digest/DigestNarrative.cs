using PartnerBot.Core.FollowThrough.Health;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>
/// The digest's opening sentences come from the language feature's narrator (rules by default, a model when
/// one is configured); this maps the digest to the plain figures the narrator reads.
/// </summary>
public sealed class DigestNarrative(IDigestNarrator narrator) : IDigestNarrative
{
    public Task<string> WriteAsync(WeeklyDigest digest, CancellationToken cancellationToken) =>
        narrator.NarrateAsync(ToFacts(digest), cancellationToken);

    public static DigestFacts ToFacts(WeeklyDigest digest) => new()
    {
        CountsByStage = digest.Pipeline.ToDictionary(p => p.Stage, p => p.Count),
        MovedThisWeek = digest.MovedThisWeek.Count,
        NewCandidates = digest.NewCandidates.Count,
        AwaitingDecision = digest.AwaitingDecision.Select(c => c.Name).ToList(),
        OverdueSteps = digest.Overdue.Sum(o => o.Items.Count),
        HealthAlerts = digest.HealthAlerts.Select(h => h.Name).ToList(),
        SunsetRecommendations = digest.HealthAlerts.Where(h => h.Advice is SunsetAdvice.Renegotiate or SunsetAdvice.End).Select(h => h.Name).ToList(),
        ConcentrationWarnings = digest.ConcentrationWarnings,
        UncoveredNeeds = digest.UncoveredNeeds.Select(n => n.Description).ToList(),
        UnreachablePeople = digest.Unreachable.Count,
    };
}
