using PartnerBot.Core.Assessment;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Flows;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Propositions;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Conversations;

/// <summary>Where a command may be used.</summary>
[Flags]
public enum CommandScopes
{
    Personal = 1,
    Team = 2,
    All = Personal | Team,
}

/// <summary>A command a person can type. The help card and the Teams manifest are built from this list.</summary>
/// <param name="Name">What the person types, lower case.</param>
/// <param name="Description">One line for the help card and the Teams command menu (≤ 128 characters).</param>
/// <param name="Scopes">Where it is offered.</param>
public sealed record BotCommand(string Name, string Description, CommandScopes Scopes);

/// <summary>
/// The router's own commands, and the command menu. Every other command is declared by the flow that answers it
/// (<c>NeedsFlow.NeedsCommand</c>, <c>ScreeningFlow.ScreenCommand</c>, …) and registered with it.
/// </summary>
public static class BotCommands
{
    public static readonly BotCommand Help = new("help", "What I can do, and help with the current question", CommandScopes.All);
    public static readonly BotCommand Cancel = new("cancel", "Stop what we are doing; nothing from the open card is saved", CommandScopes.Personal);
    public static readonly BotCommand Resume = new("resume", "Pick up where you stopped", CommandScopes.Personal);

    /// <summary>
    /// The order of importance for the Teams command menu (at most 12 per scope, taken from the top) and the help card.
    /// A command not listed here still works and is listed in help after these; list it here to put it in the menu.
    /// </summary>
    public static IReadOnlyList<BotCommand> Menu { get; } =
    [
        Help,
        NeedsFlow.NeedsCommand,
        PartnerFlow.AddCommand,
        PartnerFlow.ListCommand,
        PartnerFlow.ShowCommand,
        ScreeningFlow.ScreenCommand,
        AssessmentFlow.AssessCommand,
        PartnerFlow.RankingCommand,
        ContactFlow.ContactCommand,
        ContactFlow.MyStepsCommand,
        PortfolioFlow.PortfolioCommand,
        FollowThroughCommands.Digest,
        FormaliseFlow.FormaliseCommand,
        LogContactFlow.LogCommand,
        HealthCheckFlow.HealthCommand,
        PartnerRoundFlow.AskCommand,
        DraftCommandHandler.DraftCommand,
        IdeasCommandHandler.IdeasCommand,
        Introductions.IntroductionsFlow.IntroductionsCommand,
        Introductions.IntroductionsFlow.IntroduceCommand,
        FollowThroughCommands.Nudges,
        FollowThroughCommands.Export,
        FollowThroughCommands.ExportWorkspace,
        NeedsFlow.SummaryCommand,
        PartnerFlow.StageCommand,
        PartnerArchiveFlow.ArchiveCommand,
        PartnerArchiveFlow.ArchivedCommand,
        PartnerArchiveFlow.RestoreCommand,
        PartnerArchiveFlow.EraseCommand,
        WorkspaceEraseFlow.EraseWorkspaceCommand,
        RolesFlow.RoleCommand,
        RolesFlow.MembersCommand,
        StaffErasureFlow.ForgetCommand,
        Cancel,
        Resume,
        FollowThroughCommands.FollowUpSettings,
        FollowThroughCommands.DigestHere,
        FollowThroughCommands.DigestPersonal,
        LibraryFlow.LibraryCommand,
        QuestionsFlow.ThisWeekCommand,
        QuestionsFlow.OverdueCommand,
        QuestionsFlow.HowIsCommand,
        QuestionsFlow.ContactForCommand,
        QuestionsFlow.CoversCommand,
        QuestionsFlow.GapsCommand,
        QuestionsFlow.ChangesCommand,
    ];
}
