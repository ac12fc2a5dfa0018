using System.Text.Json.Nodes;

namespace PartnerBot.Core.Cards.AdaptiveCards;

public enum ActionStyle { Default, Positive, Destructive }

/// <summary>A card action.</summary>
public abstract class CardAction
{
    public required string Title { get; init; }

    public ActionStyle? Style { get; init; }

    protected abstract string Type { get; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = Type, ["title"] = Title };
        if (Style is { } style)
        {
            json["style"] = CardJson.Camel(style);
        }

        Write(json);
        return json;
    }

    protected abstract void Write(JsonObject json);
}

/// <summary>
/// The one button that sends data to the bot. Emitted as <c>Action.Execute</c> (Teams Universal Actions), so the bot can
/// answer with the card that replaces the one clicked; its <c>verb</c> is the data's <c>action</c> name and its data
/// always carries that name too, so one router dispatches an invoke, a replayed <c>Action.Submit</c> from an older card
/// and a typed command the same way. The name is kept from the days of <c>Action.Submit</c> so card builders need no change.
/// </summary>
public sealed class SubmitAction : CardAction
{
    /// <summary>The <c>Action.Execute</c> type name.</summary>
    public const string ExecuteType = "Action.Execute";

    public required JsonObject Data { get; init; }

    /// <summary>"none" for actions such as Cancel that must not validate the inputs.</summary>
    public string? AssociatedInputs { get; init; }

    /// <summary>The verb Teams sends back in the invoke: the data's <c>action</c> name.</summary>
    public string Verb => Data["action"] is JsonValue value && value.TryGetValue<string>(out var action) && action.Length > 0
        ? action
        : throw new InvalidOperationException($"The button '{Title}' sends data without an action name.");

    protected override string Type => ExecuteType;

    protected override void Write(JsonObject json)
    {
        json["verb"] = Verb;
        json["data"] = Data.DeepClone();
        CardJson.Set(json, "associatedInputs", AssociatedInputs);
    }
}

public sealed class OpenUrlAction : CardAction
{
    public required string Url { get; init; }

    protected override string Type => "Action.OpenUrl";

    protected override void Write(JsonObject json) => json["url"] = Url;
}

public sealed class ShowCardAction : CardAction
{
    public required AdaptiveCard Card { get; init; }

    protected override string Type => "Action.ShowCard";

    protected override void Write(JsonObject json)
    {
        var card = Card.ToJson();
        // A nested card carries neither a schema nor a version of its own.
        card.Remove("$schema");
        card.Remove("version");
        card.Remove("msteams");
        json["card"] = card;
    }
}
