using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.Cards;

/// <summary>The buttons every flow uses: run a command (optionally about one partner), open a card, cancel.</summary>
public static class Buttons
{
    /// <summary>The data flag of an <see cref="Open"/> button.</summary>
    public const string OpensKey = "opens";

    public static SubmitAction Command(string title, BotCommand command, string? partnerId = null)
    {
        var data = new JsonObject { ["action"] = CardActions.Command, ["command"] = command.Name };
        if (partnerId is not null)
        {
            data["partner"] = partnerId;
        }

        return new SubmitAction { Title = title, Data = data, AssociatedInputs = "none" };
    }

    /// <summary>
    /// A button that only opens a card or form (an edit form, a detail) and changes nothing. Like a
    /// <see cref="Command"/> it is navigation: the host leaves the clicked card as it is, and the opened card arrives as a
    /// new message. Its data carries <see cref="OpensKey"/> so the host can tell, plus <paramref name="data"/> (ids).
    /// </summary>
    public static SubmitAction Open(string title, string action, JsonObject data)
    {
        data["action"] = action;
        data[OpensKey] = true;
        return new SubmitAction { Title = title, Data = data, AssociatedInputs = "none" };
    }

    /// <summary>True when a click's data is from an <see cref="Open"/> button.</summary>
    public static bool Opens(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data[OpensKey] is JsonValue flag && flag.TryGetValue(out bool opens) && opens;
    }

    public static SubmitAction Cancel() => new()
    {
        Title = "Cancel",
        Data = new JsonObject { ["action"] = CardActions.Cancel },
        AssociatedInputs = "none",
    };

    /// <summary>
    /// Cancel on a confirmation that is not a dialog (<paramref name="what"/>: "erase", "forget"): it says nothing was
    /// done and, unlike <see cref="Cancel"/>, leaves any dialog the person has open alone.
    /// </summary>
    public static SubmitAction Dismiss(string what) => new()
    {
        Title = "Cancel",
        Data = new JsonObject { ["action"] = CardActions.Dismiss, ["what"] = what },
        AssociatedInputs = "none",
    };

    /// <summary>A submit that carries the card's inputs plus <paramref name="data"/> (ids and version tokens).</summary>
    public static SubmitAction Submit(string title, string action, JsonObject data)
    {
        data["action"] = action;
        return new SubmitAction { Title = title, Data = data, Style = ActionStyle.Positive };
    }

    public static ChoiceSetInput Rating(string id, string label, int? value, string lowMeans, string highMeans) => new()
    {
        Id = id,
        Label = label,
        IsRequired = true,
        ErrorMessage = "Pick a rating from 1 to 5.",
        Style = ChoiceStyle.Compact,
        Placeholder = "Rate 1 to 5",
        Value = value?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Choices =
        [
            new Choice($"1 – {lowMeans}", "1"),
            new Choice("2", "2"),
            new Choice("3", "3"),
            new Choice("4", "4"),
            new Choice($"5 – {highMeans}", "5"),
        ],
    };

    public static TextInput Note(string id, string? value, int maxLength = 500) => new()
    {
        Id = id,
        Placeholder = "Note (optional)",
        Value = value,
        MaxLength = maxLength,
        ErrorMessage = $"At most {maxLength} characters.",
    };
}
