namespace PartnerBot.Core.FollowThrough.Cards;

/// <summary>The <c>action</c> values of follow-through card submits.</summary>
public static class FollowThroughActions
{
    public const string Done = "nudge.done";
    public const string LogInteraction = "nudge.log";
    public const string Reschedule = "nudge.reschedule";
    public const string Snooze = "nudge.snooze";
    public const string HandOver = "nudge.handover";
    public const string SubmitHealthCheck = "health.submit";
    public const string SaveSettings = "nudges.save";

    public const string SaveWorkspaceSettings = "followup.save";
    public const string ResetWorkspaceSettings = "followup.reset";
    public const string DigestToPersonalChats = "followup.digest-personal";

    /// <summary>The nudge and personal-settings submits (one handler; the health check has its own flow).</summary>
    public static IReadOnlyCollection<string> All { get; } = [Done, LogInteraction, Reschedule, Snooze, HandOver, SaveSettings];

    /// <summary>The admin's workspace-settings submits: a separate handler, because each one re-checks the admin role.</summary>
    public static IReadOnlyCollection<string> WorkspaceSettings { get; } = [SaveWorkspaceSettings, ResetWorkspaceSettings, DigestToPersonalChats];
}
