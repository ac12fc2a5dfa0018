using PartnerBot.Core.Screening;

namespace PartnerBot.Core.Assessment;

/// <summary>The five detailed-assessment questions (seed 000 step 4).</summary>
public enum AssessmentQuestion
{
    MeetsCriteria,
    BenefitAndCostFactors,
    Competencies,
    InvestmentAndTiming,
    ConstituentSupport,
}

public enum Recommendation
{
    Pursue,
    Hold,
    Drop,
}

public sealed record DetailedAssessment
{
    public required string PartnerId { get; init; }
    public required string AssessorUserId { get; init; }
    public required string AssessorName { get; init; }
    public required IReadOnlyDictionary<AssessmentQuestion, Rating> Ratings { get; init; }
    /// <summary>Per criterion id from the needs assessment: how well the partner meets it, 1 to 5.</summary>
    public IReadOnlyDictionary<string, int> CriteriaScores { get; init; } = new Dictionary<string, int>();
    public required Recommendation Recommendation { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
    /// <summary>What the partnership would need from the library (money, staff time, space).</summary>
    public string Investment { get; init; } = "";
    /// <summary>When it would need it.</summary>
    public string Timing { get; init; } = "";
    public bool? Affordable { get; init; }
    /// <summary>Who must back the partnership (board, city, staff, users) and how strongly.</summary>
    public string KeyConstituents { get; init; } = "";
    /// <summary>The weighted score, 1 to 5.</summary>
    public double Score { get; init; }
}
