namespace PartnerBot.Core.FollowThrough.Health;

public enum TrendDirection
{
    NotEnoughData,
    Improving,
    Steady,
    Declining,
}

/// <summary>What managers are advised to do with a partnership in poor health (seed 004: "let the turkey die").</summary>
public enum SunsetAdvice
{
    Review,
    Renegotiate,
    End,
}

public sealed record HealthAssessment
{
    public required string PartnerId { get; init; }
    /// <summary>Average score (1–5) of each check, oldest first.</summary>
    public required IReadOnlyList<double> Averages { get; init; }
    public required TrendDirection Direction { get; init; }
    /// <summary>True when the partner should move to Under review.</summary>
    public required bool NeedsReview { get; init; }
    public SunsetAdvice? Advice { get; init; }
    /// <summary>Plain words for managers: why, and what to do.</summary>
    public string? Explanation { get; init; }
}

/// <summary>Thresholds; the defaults follow the brief: two poor checks in a row, or a steady decline.</summary>
public sealed record HealthRules
{
    public static HealthRules Default { get; } = new();

    /// <summary>An average below this is a poor check.</summary>
    public double PoorBelow { get; init; } = 2.5;

    /// <summary>Three checks each lower than the one before, dropping at least this much in all, is a steady decline.</summary>
    public double DeclineAtLeast { get; init; } = 1.0;

    /// <summary>An average at or below this in the latest check advises ending.</summary>
    public double EndAtOrBelow { get; init; } = 1.75;
}

public static class HealthTrend
{
    public static HealthAssessment Assess(string partnerId, IEnumerable<HealthCheck> checks, HealthRules rules)
    {
        var ordered = checks.Where(c => c.PartnerId == partnerId && c.Scores.Count > 0).OrderBy(c => c.SubmittedAt).ToList();
        var averages = ordered.Select(c => c.Scores.Values.Average()).ToList();
        var direction = Direction(averages);
        var twoPoor = averages.Count >= 2 && averages[^1] < rules.PoorBelow && averages[^2] < rules.PoorBelow;
        var declining = averages.Count >= 3
            && averages[^1] < averages[^2] && averages[^2] < averages[^3]
            && averages[^3] - averages[^1] >= rules.DeclineAtLeast;
        if (!twoPoor && !declining)
        {
            return new HealthAssessment { PartnerId = partnerId, Averages = averages, Direction = direction, NeedsReview = false };
        }

        var latest = ordered[^1].Scores;
        var advice = Advise(averages[^1], latest, rules);
        var why = twoPoor
            ? $"The last two health checks averaged {averages[^2]:0.0} and {averages[^1]:0.0} out of 5."
            : $"Health has fallen three checks in a row, from {averages[^3]:0.0} to {averages[^1]:0.0} out of 5.";
        var what = advice switch
        {
            SunsetAdvice.End => "Consider ending it, and record why: a partnership that no longer works costs more than it gives.",
            SunsetAdvice.Renegotiate => "The work goes on but one side's interest is not met: renegotiate what each side gives and gets.",
            _ => "Review it with the contact person and the partner before the next check.",
        };
        return new HealthAssessment
        {
            PartnerId = partnerId,
            Averages = averages,
            Direction = direction,
            NeedsReview = true,
            Advice = advice,
            Explanation = $"{why} {what}",
        };
    }

    private static SunsetAdvice Advise(double latestAverage, IReadOnlyDictionary<HealthQuestion, int> latest, HealthRules rules)
    {
        int Score(HealthQuestion q) => latest.TryGetValue(q, out var s) ? s : 3;
        if (latestAverage <= rules.EndAtOrBelow || Score(HealthQuestion.StrategicFit) <= 1)
        {
            return SunsetAdvice.End;
        }

        var interestsLow = Math.Min(Score(HealthQuestion.PartnerInterestMet), Score(HealthQuestion.LibraryInterestMet)) <= 2;
        var workGoesOn = Score(HealthQuestion.Progress) >= 3 || Score(HealthQuestion.Communication) >= 3;
        return interestsLow && workGoesOn ? SunsetAdvice.Renegotiate : SunsetAdvice.Review;
    }

    private static TrendDirection Direction(IReadOnlyList<double> averages)
    {
        if (averages.Count < 2)
        {
            return TrendDirection.NotEnoughData;
        }

        var delta = averages[^1] - averages[^2];
        return delta switch
        {
            > 0.25 => TrendDirection.Improving,
            < -0.25 => TrendDirection.Declining,
            _ => TrendDirection.Steady,
        };
    }
}
