using Microsoft.Extensions.Logging;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Language.Model;

namespace PartnerBot.Language.Narration;

/// <summary>A model-written opening for the weekly digest; the rule-based sentences when the model cannot help.</summary>
public sealed class ModelDigestNarrator(LanguageModel model, RuleBasedDigestNarrator fallback, ILogger<ModelDigestNarrator> logger) : IDigestNarrator
{
    private const string Purpose = "digest narrative";

    public const int MaxLength = 700;

    public const string Instructions =
        "You write the opening of a weekly partnership digest for public-library managers. " +
        PromptData.Rule + " " +
        "Write two or three plain sentences, under 80 words, saying what matters most this week: what needs attention first " +
        "(partnerships to review or end, poor health, overdue steps), then decisions waiting and gaps. Use only the figures and names given. " +
        "No greeting, no headings, no lists.";

    public static string Data(DigestFacts facts) => PromptData.Block("digest", new
    {
        countsByStage = facts.CountsByStage.ToDictionary(c => c.Key.ToString(), c => c.Value),
        movedThisWeek = facts.MovedThisWeek,
        newCandidates = facts.NewCandidates,
        awaitingDecision = facts.AwaitingDecision,
        overdueSteps = facts.OverdueSteps,
        healthAlerts = facts.HealthAlerts,
        sunsetRecommendations = facts.SunsetRecommendations,
        concentrationWarnings = facts.ConcentrationWarnings,
        uncoveredNeeds = facts.UncoveredNeeds,
        unreachablePeople = facts.UnreachablePeople,
    });

    public async Task<string> NarrateAsync(DigestFacts facts, CancellationToken cancellationToken)
    {
        var answer = await model.CompleteAsync(Purpose, Instructions, Data(facts), cancellationToken).ConfigureAwait(false);
        if (answer is not null)
        {
            var sentences = answer.Count(c => c is '.' or '!' or '?');
            if (answer.Length <= MaxLength && sentences is >= 1 and <= 4 && !answer.Contains('\n', StringComparison.Ordinal))
            {
                return answer;
            }

            LanguageModel.LogRejected(logger, Purpose, $"length {answer.Length}, {sentences} sentence marks");
        }

        return await fallback.NarrateAsync(facts, cancellationToken).ConfigureAwait(false);
    }
}
