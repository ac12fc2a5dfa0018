using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.Cards;

/// <summary>The card that lists what PartnerBot can do.</summary>
public static class HelpCard
{
    public const string Title = "What I can do";

    public const string AllCommandsTitle = "All commands";

    /// <summary>
    /// With <paramref name="suggested"/>: a few buttons for the next sensible actions, and the full list one click away
    /// behind <see cref="AllCommandsTitle"/>. Without: the full list.
    /// </summary>
    public static AdaptiveCard Build(IEnumerable<BotCommand> commands, string? intro = null, IReadOnlyList<BotCommand>? suggested = null)
    {
        var all = new FactList { Facts = commands.Select(c => new Fact(c.Name, c.Description)).ToList() };
        var card = new AdaptiveCard
        {
            FallbackText = "PartnerBot help: type a command, for example 'help'.",
            Body =
            {
                new TextBlock(Title) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(intro ?? "I help you find, screen, prioritise and keep up partnerships for your library. Type a command or pick one below.") { IsSubtle = true },
            },
        };
        if (suggested is not { Count: > 0 })
        {
            card.Body.Add(all);
            return card;
        }

        card.Body.Add(SuggestedActions(suggested));
        card.Actions.Add(new ShowCardAction { Title = AllCommandsTitle, Card = new AdaptiveCard { Body = { all } } });
        return card;
    }

    /// <summary>A row of buttons, one per command, each sending it as if typed.</summary>
    public static ActionSet SuggestedActions(IReadOnlyList<BotCommand> suggested) =>
        new() { Actions = suggested.Select(c => (CardAction)Buttons.Command(ButtonTitle(c), c)).ToList() };

    /// <summary>"add partner" → "Add partner".</summary>
    public static string ButtonTitle(BotCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var name = command.Name;
        return name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.InvariantCulture) + name[1..];
    }

    /// <summary>A button that sends a command as if typed.</summary>
    public static SubmitAction CommandButton(string title, string command) => new()
    {
        Title = title,
        Data = new JsonObject { ["action"] = "command", ["command"] = command },
    };
}
