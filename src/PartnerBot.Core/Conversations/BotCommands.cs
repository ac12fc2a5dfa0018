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

/// <summary>The commands PartnerBot understands. Add a command here and its handler in the router.</summary>
public static class BotCommands
{
    public static readonly BotCommand Help = new("help", "What I can do, and help with the current question", CommandScopes.All);

    public static readonly BotCommand Digest = new("digest", "This week's partnership digest (managers)", CommandScopes.All);

    public static readonly BotCommand Export = new("export", "Download the partner pipeline as CSV (managers)", CommandScopes.Personal);

    public static readonly BotCommand Nudges = new("nudges", "Your reminder settings: working hours, quiet hours, vacation, kinds", CommandScopes.Personal);

    public static IReadOnlyList<BotCommand> All { get; } = [Help, Digest, Export, Nudges];
}
