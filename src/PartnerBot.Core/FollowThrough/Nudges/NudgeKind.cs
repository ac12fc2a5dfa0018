namespace PartnerBot.Core.FollowThrough.Nudges;

/// <summary>Why a contact person is nudged. Each kind can be turned off per workspace and per person.</summary>
public enum NudgeKind
{
    NextStepDueSoon,
    NextStepOverdue,
    QuietPartner,
    UnfinishedEvaluation,
    HealthCheckDue,
    ReviewApproaching,
    RenewalApproaching,
}

/// <summary>
/// Something that deserves a nudge. <see cref="Key"/> names the rule, the entity and the occurrence,
/// so the same cause found twice is one cause, and a rescheduled date is a new one.
/// </summary>
public sealed record NudgeCause
{
    public required NudgeKind Kind { get; init; }
    public required string PartnerId { get; init; }
    public required string PartnerName { get; init; }
    /// <summary>The next step id, or the partner id for partner-level rules.</summary>
    public required string EntityId { get; init; }
    /// <summary>The date that makes this occurrence distinct (a due date, a last-contact date, a review date).</summary>
    public required DateOnly Occurrence { get; init; }
    public required string RecipientUserId { get; init; }
    /// <summary>One plain sentence the card shows as "why".</summary>
    public required string Reason { get; init; }

    public string Key => $"{Kind}|{EntityId}|{Occurrence:yyyy-MM-dd}";
}
