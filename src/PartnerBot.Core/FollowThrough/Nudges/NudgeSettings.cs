using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Nudges;

/// <summary>A workspace's nudge rules. The defaults are what a workspace gets until an admin changes them.</summary>
public sealed record NudgeSettings
{
    public static NudgeSettings Default { get; } = new();

    /// <summary>Kinds the workspace has turned off entirely.</summary>
    public IReadOnlySet<NudgeKind> DisabledKinds { get; init; } = new HashSet<NudgeKind>();

    /// <summary>Nudge this many days before a next step is due.</summary>
    public int DueSoonDays { get; init; } = 2;

    /// <summary>Days without a logged interaction before a partner counts as quiet, by stage; stages not listed are never quiet.</summary>
    public IReadOnlyDictionary<PartnerStage, int> QuietDaysByStage { get; init; } = new Dictionary<PartnerStage, int>
    {
        [PartnerStage.InTalks] = 14,
        [PartnerStage.Formalised] = 30,
        [PartnerStage.Active] = 45,
    };

    /// <summary>Days a partner may sit identified-but-unscreened or screened-but-unassessed before its contact is reminded.</summary>
    public int UnfinishedEvaluationDays { get; init; } = 14;

    /// <summary>How often an active partner's contact is asked for a health check.</summary>
    public int HealthCheckIntervalDays { get; init; } = 91;

    /// <summary>Nudge this many days before a review or renewal date.</summary>
    public int ReviewLeadDays { get; init; } = 21;

    public bool IsEnabled(NudgeKind kind) => !DisabledKinds.Contains(kind);
}
