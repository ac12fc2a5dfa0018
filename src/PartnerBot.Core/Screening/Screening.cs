namespace PartnerBot.Core.Screening;

/// <summary>The five preliminary screening questions (seed 000 step 3).</summary>
public enum ScreeningQuestion
{
    Expertise,
    StrengthsAndWeaknesses,
    ContributionToGoals,
    RelationshipDifficulty,
    OpportunityCost,
}

/// <summary>One rating of 1 to 5 with an optional note.</summary>
public sealed record Rating(int Score, string? Note = null);

/// <summary>One staff member's screening of one partner. A rater has at most one per partner; editing replaces it.</summary>
public sealed record PartnerScreening
{
    public required string PartnerId { get; init; }
    public required string RaterUserId { get; init; }
    public required string RaterName { get; init; }
    public required IReadOnlyDictionary<ScreeningQuestion, Rating> Ratings { get; init; }
    public required DateTimeOffset SubmittedAt { get; init; }
}
