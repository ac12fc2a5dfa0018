using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.Cards;

/// <summary>The card that lists what PartnerBot can do.</summary>
public static class HelpCard
{
    public static AdaptiveCard Build(IEnumerable<BotCommand> commands, string? intro = null)
    {
        var card = new AdaptiveCard
        {
            FallbackText = "PartnerBot help: type a command, for example 'help'.",
            Body =
            {
                new TextBlock("What I can do") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(intro ?? "I help you find, screen, prioritise and keep up partnerships for your library. Type a command or pick one below.") { IsSubtle = true },
                new FactList { Facts = commands.Select(c => new Fact(c.Name, c.Description)).ToList() },
            },
        };
        return card;
    }

    /// <summary>A button that sends a command as if typed.</summary>
    public static SubmitAction CommandButton(string title, string command) => new()
    {
        Title = title,
        Data = new JsonObject { ["action"] = "command", ["command"] = command },
    };
}
