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

/// <summary>The commands PartnerBot understands. One entry per line, so parallel additions merge cleanly.</summary>
public static class BotCommands
{
    public static readonly BotCommand Help = new("help", "What I can do, and help with the current question", CommandScopes.All);
    public static readonly BotCommand Cancel = new("cancel", "Stop what we are doing; nothing from the open card is saved", CommandScopes.Personal);
    public static readonly BotCommand Resume = new("resume", "Pick up where you stopped", CommandScopes.Personal);
    public static readonly BotCommand Needs = new("needs", "Start a needs assessment: goal, users, needs, offers and criteria", CommandScopes.Personal);
    public static readonly BotCommand NeedsSummary = new("needs summary", "Show your latest needs assessment and which needs have no candidate", CommandScopes.All);
    public static readonly BotCommand AddPartner = new("add partner", "Add a candidate partner, e.g. 'add partner City Museum'", CommandScopes.Personal);
    public static readonly BotCommand Partners = new("partners", "List or search partners, e.g. 'partners museum'", CommandScopes.All);
    public static readonly BotCommand Partner = new("partner", "Show one partner with its stage and history, e.g. 'partner City Museum'", CommandScopes.All);
    public static readonly BotCommand Screen = new("screen", "Rate a partner on the five screening questions", CommandScopes.Personal);
    public static readonly BotCommand Assess = new("assess", "Detailed assessment of a partner, with a recommendation", CommandScopes.Personal);
    public static readonly BotCommand Ranking = new("ranking", "The prioritised list of candidates", CommandScopes.All);
    public static readonly BotCommand Contact = new("contact", "Name the contact person for a partner and their next step", CommandScopes.Personal);
    public static readonly BotCommand MySteps = new("my steps", "Your open next steps, with Done, Reschedule and Hand over", CommandScopes.Personal);
    public static readonly BotCommand Formalise = new("formalise", "Record roles, resources, vision and dates of a partnership", CommandScopes.Personal);
    public static readonly BotCommand Stage = new("stage", "Move a partner to another stage, e.g. 'stage City Museum'", CommandScopes.Personal);
    public static readonly BotCommand Portfolio = new("portfolio", "Pipeline, uncovered needs, balance and concentration warnings", CommandScopes.All);
    public static readonly BotCommand Role = new("role", "Admins: give someone a role, e.g. 'role Ana manager'", CommandScopes.Personal);
    public static readonly BotCommand Members = new("members", "Who is in this workspace, with their roles", CommandScopes.Personal);

    public static readonly BotCommand Draft = new("draft", "Draft a partnership proposition to a partner, for you to copy and edit", CommandScopes.Personal);
    public static readonly BotCommand Ideas = new("ideas", "Ideas for partners who could cover the needs no candidate covers yet", CommandScopes.All);
    public static readonly BotCommand Digest = new("digest", "This week's partnership digest (managers)", CommandScopes.All);
    public static readonly BotCommand Export = new("export", "Download the partner pipeline as CSV (managers)", CommandScopes.Personal);
    public static readonly BotCommand Nudges = new("nudges", "Your reminder settings: working hours, quiet hours, vacation, kinds", CommandScopes.Personal);
    public static readonly BotCommand FollowUpSettings = new("follow-up settings", "Admins: the library's reminder rules and when the weekly digest goes out", CommandScopes.Personal);
    public static readonly BotCommand DigestHere = new("digest here", "Admins, in a team channel: post the weekly digest to this channel", CommandScopes.Team);
    public static readonly BotCommand DigestPersonal = new("digest personal", "Admins: send the weekly digest to each manager's own chat again", CommandScopes.All);

    // Teams shows at most 12 commands per scope in its menu, taken in this order: the most used come first.
    public static IReadOnlyList<BotCommand> All { get; } =
    [
        Help,
        Needs,
        AddPartner,
        Partners,
        Partner,
        Screen,
        Assess,
        Ranking,
        Contact,
        MySteps,
        Portfolio,
        Digest,
        Formalise,
        Draft,
        Ideas,
        Nudges,
        Export,
        NeedsSummary,
        Stage,
        Role,
        Members,
        Cancel,
        Resume,
        FollowUpSettings,
        DigestHere,
        DigestPersonal,
    ];
}
