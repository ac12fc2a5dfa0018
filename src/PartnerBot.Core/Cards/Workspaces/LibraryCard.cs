using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Cards.Workspaces;

/// <summary>The library's name and default time zone, asked of the first admin in the welcome and changed later with 'library'.</summary>
public static class LibraryCard
{
    public const string SaveAction = "saveLibrary";
    public const string NameInput = "libraryName";
    public const string ZoneInput = "libraryZone";
    public const int MaxNameLength = 80;

    /// <summary>The inputs and the Save button, to stand alone or sit inside the welcome.</summary>
    /// <param name="workspace">The workspace as read, with the ETag the save must match.</param>
    /// <param name="suggestedZone">The zone to offer when none was set: the admin's own.</param>
    /// <param name="now">For each zone's offset today.</param>
    public static (List<CardElement> Body, SubmitAction Save) Form(Stores.Stored<Workspace> workspace, TimeZoneInfo suggestedZone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(suggestedZone);
        var ws = workspace.Value;
        var zone = ws.NamedAt is null ? suggestedZone.Id : ws.DefaultTimeZone;
        List<CardElement> body =
        [
            new TextInput
            {
                Id = NameInput, Label = "Your library's name", Value = ws.LibraryName, Placeholder = "e.g. Riverside Public Library",
                IsRequired = true, MaxLength = MaxNameLength, ErrorMessage = $"Give the library's name (at most {MaxNameLength} characters).",
            },
            new ChoiceSetInput
            {
                Id = ZoneInput, Label = "The library's time zone (for channel digests and people whose own zone Teams has not told me)",
                Style = ChoiceStyle.Filtered, IsRequired = true, ErrorMessage = "Pick a time zone.", Value = zone, Choices = ZoneChoices.All(now),
            },
        ];
        return (body, Buttons.Submit("Save", SaveAction, new JsonObject { ["etag"] = workspace.ETag }));
    }

    public static AdaptiveCard Build(Stores.Stored<Workspace> workspace, TimeZoneInfo suggestedZone, DateTimeOffset now)
    {
        var (body, save) = Form(workspace, suggestedZone, now);
        var card = new AdaptiveCard
        {
            FallbackText = "Your library's name and time zone",
            Body = { new TextBlock("Your library") { Size = TextSize.Medium, Weight = TextWeight.Bolder } },
            Actions = { save },
        };
        card.Body.AddRange(body);
        return card;
    }

    /// <summary>
    /// What replaces the form once saved. The first admin answers it on the welcome card, which that reply replaces,
    /// so it keeps the welcome's ways to start.
    /// </summary>
    public static AdaptiveCard Saved(string name, string zone, IReadOnlyList<Conversations.BotCommand> startWith)
    {
        var text = $"Saved: your library is {name}, and its time zone is {zone}.";
        return new AdaptiveCard
        {
            FallbackText = text,
            Body =
            {
                new TextBlock(text),
                new TextBlock(WelcomeNextSteps.Heading) { Weight = TextWeight.Bolder, Separator = true },
                HelpCard.SuggestedActions(startWith),
            },
            Actions = { Buttons.Command("Show commands", Conversations.BotCommands.Help) },
        };
    }
}
