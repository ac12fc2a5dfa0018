using PartnerBot.Core.Needs;

namespace PartnerBot.Core.Assessment;

/// <summary>
/// The detailed-assessment score: "meets the criteria" is the weighted average of the per-criterion scores
/// (weights from the needs assessment); the partner's score averages that with the other four questions.
/// </summary>
public static class AssessmentScoring
{
    /// <summary>At or above this the suggestion is Pursue.</summary>
    public const double PursueFrom = 3.5;

    /// <summary>At or above this (and below <see cref="PursueFrom"/>) the suggestion is Hold; below it, Drop.</summary>
    public const double HoldFrom = 2.5;

    /// <summary>The five criteria of seed 000 step 1 and 001, suggested for every new needs assessment.</summary>
    public static IReadOnlyList<Criterion> DefaultCriteria { get; } =
    [
        new() { Id = "shared-interests", Name = "Shared interests", Weight = 3 },
        new() { Id = "expertise", Name = "Expertise", Weight = 3 },
        new() { Id = "resources", Name = "Resources", Weight = 3 },
        new() { Id = "library-experience", Name = "Experience with libraries", Weight = 3 },
        new() { Id = "collaboration-history", Name = "History of collaboration", Weight = 3 },
    ];

    public static double? WeightedCriteria(IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<string, int> scores)
    {
        var rated = criteria.Where(c => c.Weight > 0 && scores.ContainsKey(c.Id)).ToList();
        var weights = rated.Sum(c => c.Weight);
        return weights == 0 ? null : Math.Round(rated.Sum(c => c.Weight * scores[c.Id]) / (double)weights, 2);
    }

    public static double Score(IReadOnlyList<Criterion> criteria, IReadOnlyDictionary<string, int> criteriaScores, IReadOnlyDictionary<AssessmentQuestion, Screening.Rating> ratings)
    {
        var parts = ratings.Where(r => r.Key != AssessmentQuestion.MeetsCriteria).Select(r => (double)r.Value.Score).ToList();
        if (WeightedCriteria(criteria, criteriaScores) is { } weighted)
        {
            parts.Add(weighted);
        }
        else if (ratings.TryGetValue(AssessmentQuestion.MeetsCriteria, out var meets))
        {
            parts.Add(meets.Score);
        }

        return parts.Count == 0 ? 0 : Math.Round(parts.Average(), 2);
    }

    /// <summary>What the score suggests; an investment the library cannot afford caps it at Hold.</summary>
    public static Recommendation Suggest(double score, bool? affordable)
    {
        var suggestion = score >= PursueFrom ? Recommendation.Pursue : score >= HoldFrom ? Recommendation.Hold : Recommendation.Drop;
        return affordable == false && suggestion == Recommendation.Pursue ? Recommendation.Hold : suggestion;
    }
}
