namespace PartnerBot.Core.FollowThrough;

public enum NextStepStatus
{
    Open,
    Done,
    Cancelled,
}

/// <summary>Something the partner's contact person should do next, by a date.</summary>
public sealed record NextStep
{
    public required string Id { get; init; }
    public required string PartnerId { get; init; }
    public required string AssigneeUserId { get; init; }
    public required string Description { get; init; }
    public required DateOnly DueDate { get; init; }
    public NextStepStatus Status { get; init; } = NextStepStatus.Open;
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>Why it matters, shown on the prompt card.</summary>
    public string Why { get; init; } = "";
    public string? CreatedByUserId { get; init; }
}

/// <summary>A logged contact with a partner: meeting, call, email, event.</summary>
public sealed record Interaction
{
    public required string Id { get; init; }
    public required string PartnerId { get; init; }
    public required string UserId { get; init; }
    public required string Summary { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The four health-check questions (seed 004), each 1 to 5.</summary>
public enum HealthQuestion
{
    PartnerInterestMet,
    LibraryInterestMet,
    Communication,
    Progress,
    StrategicFit,
}

public sealed record HealthCheck
{
    public required string Id { get; init; }
    public required string PartnerId { get; init; }
    public required string UserId { get; init; }
    public required IReadOnlyDictionary<HealthQuestion, int> Scores { get; init; }
    public string? Note { get; init; }
    /// <summary>When it was first sent; an edit keeps it, so the trend and the reminders count from the same day.</summary>
    public required DateTimeOffset SubmittedAt { get; init; }
    /// <summary>When its answers were last edited, and by whom; null until then.</summary>
    public DateTimeOffset? EditedAt { get; init; }
    public string? EditedByUserId { get; init; }
}
