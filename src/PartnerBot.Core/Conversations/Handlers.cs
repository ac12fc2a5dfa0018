using System.Text.Json.Nodes;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Conversations;

/// <summary>Who is acting, in which workspace, with which role — resolved once per turn by the engine.</summary>
public sealed record Caller(UserRef User, WorkspaceKey Workspace, WorkspaceRole Role)
{
    /// <summary>Where this turn happened, when the host said; lets a command remember a channel.</summary>
    public ConversationPlace? Place { get; init; }

    /// <summary>
    /// The person's time zone: the one they chose in their nudge settings, else the latest their Teams client reported,
    /// else the library's default. Dates shown to them, and their "today", are in this zone.
    /// </summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>When the welcome card last went to them, as their member row says; null when it never did.</summary>
    public DateTimeOffset? WelcomedAt { get; init; }
}

/// <summary>A typed command, with what followed the command word and any entities the recognizer found.</summary>
public sealed record CommandRequest
{
    public required Caller Caller { get; init; }

    /// <summary>The text after the command word, trimmed ("Science Museum" in "screen Science Museum").</summary>
    public string Arguments { get; init; } = "";

    /// <summary>Entities from the intent recognizer, e.g. "partner" → partner id, "partnerName", "partnerType", "sector".</summary>
    public IReadOnlyDictionary<string, string> Entities { get; init; } = new Dictionary<string, string>();
}

/// <summary>A card submit, routed by its <c>action</c> field.</summary>
public sealed record CardActionRequest
{
    public required Caller Caller { get; init; }

    public required string Action { get; init; }

    /// <summary>The whole submit value: the action's data merged with the card's inputs. Untrusted.</summary>
    public required JsonObject Value { get; init; }
}

/// <summary>Handles one typed command. Registered in DI; the router refuses duplicates at start-up.</summary>
public interface ICommandHandler
{
    BotCommand Command { get; }

    Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken);
}

/// <summary>Handles the card submits whose <c>action</c> is one of <see cref="Actions"/>.</summary>
public interface ICardActionHandler
{
    IReadOnlyCollection<string> Actions { get; }

    Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken);
}

/// <summary>What a person meant by free text: a command name from <see cref="BotCommands"/> plus entities.</summary>
/// <param name="Command">The command name, e.g. "screen"; null when nothing matched.</param>
/// <param name="Entities">Entities found, e.g. "partner" (an existing partner's id), "partnerName", "partnerType", "sector", "days".</param>
/// <param name="Confidence">0 to 1.</param>
public sealed record Intent(string? Command, IReadOnlyDictionary<string, string> Entities, double Confidence)
{
    public static Intent None { get; } = new(null, new Dictionary<string, string>(), 0);

    /// <summary>Words of the text the recognizer understood none of, in order, so the answer can say it left them out.</summary>
    public IReadOnlyList<string> Unused { get; init; } = [];
}

/// <summary>Turns free text into an <see cref="Intent"/>. The default is a deterministic router; a language model may stand in front of it.</summary>
public interface IIntentRecognizer
{
    /// <param name="text">What the person typed.</param>
    /// <param name="commands">The commands the bot understands now.</param>
    /// <param name="partnerNames">The workspace's partners, id → name, for fuzzy matching.</param>
    /// <param name="cancellationToken">Cancels a model call.</param>
    Task<Intent> RecognizeAsync(string text, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames, CancellationToken cancellationToken);
}
