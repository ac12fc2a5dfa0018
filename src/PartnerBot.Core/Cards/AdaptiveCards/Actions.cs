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
/// Sends <see cref="Data"/> merged with the card's inputs as a message value. Data always carries
/// an <c>action</c> name so one router can dispatch it.
/// </summary>
public sealed class SubmitAction : CardAction
{
    public required JsonObject Data { get; init; }

    /// <summary>"none" for actions such as Cancel that must not validate the inputs.</summary>
    public string? AssociatedInputs { get; init; }

    protected override string Type => "Action.Submit";

    protected override void Write(JsonObject json)
    {
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
