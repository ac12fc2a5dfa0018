using PartnerBot.Core.Partners;
using static PartnerBot.Core.Cards.Prose;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>
/// The default narrator: at most three sentences from the figures — the pipeline in one line, then the
/// most urgent problem, then the decisions or gaps that need a manager. Urgency order: partnerships to
/// review or end, poor health, overdue steps, decisions, concentration, uncovered needs.
/// </summary>
public sealed class RuleBasedDigestNarrator : IDigestNarrator
{
    private static readonly PartnerStage[] Live = [PartnerStage.Formalised, PartnerStage.Active, PartnerStage.UnderReview];

    public Task<string> NarrateAsync(DigestFacts facts, CancellationToken cancellationToken) =>
        Task.FromResult(Narrate(facts));

    public static string Narrate(DigestFacts facts)
    {
        var sentences = new List<string> { Pipeline(facts) };
        sentences.AddRange(Concerns(facts).Take(2));
        return string.Join(" ", sentences);
    }

    private static string Pipeline(DigestFacts facts)
    {
        var total = facts.CountsByStage.Where(c => c.Key != PartnerStage.Ended).Sum(c => c.Value);
        if (total == 0)
        {
            return facts.NewCandidates > 0
                ? $"The pipeline is just starting: {Count(facts.NewCandidates, "new candidate")} this week."
                : "The pipeline is empty: add a first candidate with 'add partner'.";
        }

        var live = facts.CountsByStage.Where(c => Live.Contains(c.Key)).Sum(c => c.Value);
        var opening = $"You have {Count(total, "partner")} in the pipeline, {live} of them formalised or active";
        var movement = (facts.MovedThisWeek, facts.NewCandidates) switch
        {
            (0, 0) => "; nothing moved this week.",
            (var moved, 0) => $"; {Count(moved, "partner")} moved on this week.",
            (0, var added) => $"; {Count(added, "new candidate")} joined this week.",
            (var moved, var added) => $"; {Count(moved, "partner")} moved on and {Count(added, "new candidate")} joined this week.",
        };
        return opening + movement;
    }

    private static IEnumerable<string> Concerns(DigestFacts facts)
    {
        var urgent = new List<string>();
        if (facts.SunsetRecommendations.Count > 0)
        {
            urgent.Add($"{Names(facts.SunsetRecommendations)} {(facts.SunsetRecommendations.Count == 1 ? "has" : "have")} been in poor health for a while and should be reviewed, renegotiated or ended");
        }

        var alerts = facts.HealthAlerts.Except(facts.SunsetRecommendations).ToList();
        if (alerts.Count > 0)
        {
            urgent.Add($"the health of {Names(alerts)} is slipping");
        }

        if (facts.OverdueSteps > 0)
        {
            urgent.Add($"{Count(facts.OverdueSteps, "next step")} {(facts.OverdueSteps == 1 ? "is" : "are")} overdue");
        }

        if (urgent.Count > 0)
        {
            yield return "Needs attention: " + JoinAnd(urgent) + ".";
        }

        var later = new List<string>();
        if (facts.AwaitingDecision.Count > 0)
        {
            later.Add($"{Names(facts.AwaitingDecision)} {(facts.AwaitingDecision.Count == 1 ? "is" : "are")} waiting for a decision");
        }

        if (facts.ConcentrationWarnings.Count > 0)
        {
            later.Add(LowerFirst(facts.ConcentrationWarnings[0].TrimEnd('.')));
        }

        if (facts.UncoveredNeeds.Count > 0)
        {
            later.Add(facts.UncoveredNeeds.Count == 1
                ? $"no candidate covers \"{facts.UncoveredNeeds[0]}\" yet"
                : $"{facts.UncoveredNeeds.Count} needs have no candidate yet");
        }

        if (later.Count > 0)
        {
            yield return UpperFirst(JoinAnd(later.Take(2).ToList())) + ".";
        }

        if (facts.UnreachablePeople > 0)
        {
            yield return $"I could not reach {Count(facts.UnreachablePeople, "person", "people")}; ask them to open a chat with PartnerBot.";
        }
    }

    private static string Names(IReadOnlyList<string> names) => names.Count <= 3
        ? JoinAnd(names)
        : $"{string.Join(", ", names.Take(2))} and {names.Count - 2} more";

    private static string Count(int n, string singular, string? plural = null) =>
        $"{n} {(n == 1 ? singular : plural ?? singular + "s")}";
}
