namespace PartnerBot.Core.Screening;

/// <summary>How the raters answered one question.</summary>
/// <param name="Question">The question.</param>
/// <param name="Average">The average rating.</param>
/// <param name="Min">The lowest rating.</param>
/// <param name="Max">The highest rating.</param>
/// <param name="Disagreement">Ratings differ by <see cref="ScreeningScoring.DisagreementSpread"/> or more.</param>
public sealed record QuestionSummary(ScreeningQuestion Question, double Average, int Min, int Max, bool Disagreement);

/// <summary>All raters' screening of one partner.</summary>
public sealed record ScreeningSummary(int Raters, double? Score, IReadOnlyList<QuestionSummary> Questions)
{
    public bool HasDisagreement => Questions.Any(q => q.Disagreement);
}

/// <summary>
/// Every question is phrased so 5 favours pursuing the partner (an easy relationship, a high cost of not
/// pursuing), so a rater's score is the plain average of their five ratings, and the partner's score the
/// average over raters.
/// </summary>
public static class ScreeningScoring
{
    public const int DisagreementSpread = 2;

    public static double RaterScore(PartnerScreening screening) =>
        Math.Round(screening.Ratings.Values.Average(r => r.Score), 2);

    public static ScreeningSummary Summarise(IReadOnlyList<PartnerScreening> screenings)
    {
        if (screenings.Count == 0)
        {
            return new ScreeningSummary(0, null, []);
        }

        var questions = Enum.GetValues<ScreeningQuestion>()
            .Select(q =>
            {
                var scores = screenings.Where(s => s.Ratings.ContainsKey(q)).Select(s => s.Ratings[q].Score).ToList();
                return scores.Count == 0
                    ? null
                    : new QuestionSummary(q, Math.Round(scores.Average(), 2), scores.Min(), scores.Max(), scores.Max() - scores.Min() >= DisagreementSpread);
            })
            .OfType<QuestionSummary>()
            .ToList();
        return new ScreeningSummary(screenings.Count, Math.Round(screenings.Average(RaterScore), 2), questions);
    }
}
