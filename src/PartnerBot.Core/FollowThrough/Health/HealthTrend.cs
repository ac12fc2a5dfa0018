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
    /// <summary>The partner's own latest answer beside the library's checks of the time; null when they never answered.</summary>
    public PartnerComparison? PartnerSide { get; init; }
    /// <summary>True when the partner's side is (part of) why <see cref="NeedsReview"/> is set: a wide gap or a poor answer.</summary>
    public bool PartnerSideConcern { get; init; }
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

/// <summary>
/// The one home of the review recommendation: the library's own checks (two poor in a row, or a steady decline) and the
/// partner's side (their latest answer poor, or a gap of <see cref="PartnerRounds.GapAtLeast"/> or more between the sides,
/// as <see cref="PartnerViews"/> compares them).
/// </summary>
public static class HealthTrend
{
    /// <summary>The library's checks only, for callers that have no partner rounds.</summary>
    public static HealthAssessment Assess(string partnerId, IEnumerable<HealthCheck> checks, HealthRules rules) =>
        Assess(partnerId, checks, Array.Empty<PartnerRound>(), rules);

    /// <summary>Both sides, from a partner's history as one read gives it.</summary>
    public static HealthAssessment Assess(string partnerId, Stores.PartnerHistory history, HealthRules rules)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Assess(partnerId, history.HealthChecks, history.PartnerRounds, rules);
    }

    public static HealthAssessment Assess(string partnerId, IEnumerable<HealthCheck> checks, IEnumerable<PartnerRound> rounds, HealthRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var ordered = checks.Where(c => c.PartnerId == partnerId && c.Scores.Count > 0).OrderBy(c => c.SubmittedAt).ToList();
        var averages = ordered.Select(c => c.Scores.Values.Average()).ToList();
        var direction = Direction(averages);
        var twoPoor = averages.Count >= 2 && averages[^1] < rules.PoorBelow && averages[^2] < rules.PoorBelow;
        var declining = averages.Count >= 3
            && averages[^1] < averages[^2] && averages[^2] < averages[^3]
            && averages[^3] - averages[^1] >= rules.DeclineAtLeast;
        var partnerSide = PartnerViews.Latest(ordered, rounds.Where(r => r.PartnerId == partnerId));
        var theirWhy = partnerSide is null ? null : PartnerSideReason(partnerSide, rules);
        if (!twoPoor && !declining && theirWhy is null)
        {
            return new HealthAssessment { PartnerId = partnerId, Averages = averages, Direction = direction, NeedsReview = false, PartnerSide = partnerSide };
        }

        var ours = twoPoor || declining;
        var advice = ours ? Advise(averages[^1], ordered[^1].Scores, rules) : AdviseFromPartner(partnerSide!);
        var why = string.Join(' ', new[]
        {
            twoPoor ? $"The last two health checks averaged {averages[^2]:0.0} and {averages[^1]:0.0} out of 5."
                : declining ? $"Health has fallen three checks in a row, from {averages[^3]:0.0} to {averages[^1]:0.0} out of 5."
                : null,
            theirWhy,
        }.OfType<string>());
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
            PartnerSide = partnerSide,
            PartnerSideConcern = theirWhy is not null,
        };
    }

    /// <summary>Why the partner's own answer calls for a review, in words for managers; null when it does not.</summary>
    private static string? PartnerSideReason(PartnerComparison side, HealthRules rules)
    {
        var reasons = new List<string>();
        if (side.PartnerIsPoor(rules))
        {
            var ones = side.PartnerOnes;
            reasons.Add($"The partner's own answers average {side.PartnerAverage:0.0} out of 5"
                + (ones.Count == 0 ? "." : $", with {string.Join(" and ", ones.Select(q => PartnerRounds.InSentence(q.Question)))} at 1."));
        }

        if (side.Gaps.Count > 0)
        {
            reasons.Add($"The two sides disagree: {string.Join("; ", side.Gaps.Select(g => g.Disagreement("the library rates", "the partner rates")))}.");
        }

        return reasons.Count == 0 ? null : string.Join(' ', reasons);
    }

    /// <summary>From the partner's side alone: renegotiate when their interest is not met while the work goes on, else review.</summary>
    private static SunsetAdvice AdviseFromPartner(PartnerComparison side)
    {
        int Theirs(HealthQuestion q) => side.Questions.FirstOrDefault(x => x.Question == q)?.Partner ?? 3;
        var interestLow = Theirs(HealthQuestion.PartnerInterestMet) <= 2;
        var workGoesOn = Theirs(HealthQuestion.Progress) >= 3 || Theirs(HealthQuestion.Communication) >= 3;
        return interestLow && workGoesOn ? SunsetAdvice.Renegotiate : SunsetAdvice.Review;
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
