using System.Text.Json.Nodes;

namespace PartnerBot.Core.Cards.AdaptiveCards;

public enum TextSize { Default, Small, Medium, Large, ExtraLarge }

public enum TextWeight { Default, Lighter, Bolder }

public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }

public enum Spacing { None, Small, Default, Medium, Large, ExtraLarge, Padding }

public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

/// <summary>An element of a card body.</summary>
public abstract class CardElement
{
    public string? Id { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }

    public bool? IsVisible { get; init; }

    protected abstract string Type { get; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["type"] = Type };
        CardJson.Set(json, "id", Id);
        if (Spacing is { } spacing)
        {
            json["spacing"] = CardJson.Camel(spacing);
        }

        CardJson.Set(json, "separator", Separator);
        CardJson.Set(json, "isVisible", IsVisible);
        Write(json);
        return json;
    }

    protected abstract void Write(JsonObject json);
}

/// <summary>Text on a card. Teams renders it as Markdown, so a plain string is escaped (see <see cref="CardText"/>).</summary>
public sealed class TextBlock : CardElement
{
    public TextBlock()
    {
    }

    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    public TextBlock(CardText text) => Text = text;

    public required CardText Text { get; init; }

    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public bool Wrap { get; init; } = true;

    public int? MaxLines { get; init; }

    protected override string Type => "TextBlock";

    protected override void Write(JsonObject json)
    {
        json["text"] = Text.Source;
        json["wrap"] = Wrap;
        if (Size is { } size)
        {
            json["size"] = CardJson.Camel(size);
        }

        if (Weight is { } weight)
        {
            json["weight"] = CardJson.Camel(weight);
        }

        if (Color is { } color)
        {
            json["color"] = CardJson.Camel(color);
        }

        CardJson.Set(json, "isSubtle", IsSubtle);
        if (MaxLines is { } maxLines)
        {
            json["maxLines"] = maxLines;
        }
    }
}

/// <summary>A fact; Teams renders both title and value as Markdown, so plain strings are escaped.</summary>
public sealed record Fact(CardText Title, CardText Value);

public sealed class FactSet : CardElement
{
    public List<Fact> Facts { get; init; } = [];

    protected override string Type => "FactSet";

    protected override void Write(JsonObject json) =>
        json["facts"] = CardJson.Array(Facts, f => new JsonObject { ["title"] = f.Title.Source, ["value"] = f.Value.Source });
}

/// <summary>
/// Label-and-value rows, as a <see cref="FactSet"/> shows them, laid out so a label is never broken inside a word: each
/// row is a column set whose label column is as wide as the label (<c>width: auto</c>) and whose value wraps in the rest.
/// A fact set squeezes its title column to a few letters once a value is long and the pane is narrow (Teams' side
/// panel, a phone, a 420 px window), which broke "Relationship" into "Relati onshi p"; every card shows facts this way.
/// </summary>
public sealed class FactList : CardElement
{
    public List<Fact> Facts { get; init; } = [];

    protected override string Type => "Container";

    protected override void Write(JsonObject json) =>
        json["items"] = CardJson.Array(Facts.Select((fact, index) => (fact, index)), f => new JsonObject
        {
            ["type"] = "ColumnSet",
            ["spacing"] = f.index == 0 ? "none" : "small",
            ["columns"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "Column",
                    ["width"] = "auto",
                    ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = f.fact.Title.Source, ["weight"] = "bolder", ["wrap"] = true }),
                },
                new JsonObject
                {
                    ["type"] = "Column",
                    ["width"] = "stretch",
                    ["spacing"] = "medium",
                    ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = f.fact.Value.Source, ["wrap"] = true }),
                }),
        });
}

public sealed class Container : CardElement
{
    public List<CardElement> Items { get; init; } = [];

    public ContainerStyle? Style { get; init; }

    public CardAction? SelectAction { get; init; }

    protected override string Type => "Container";

    protected override void Write(JsonObject json)
    {
        json["items"] = CardJson.Array(Items, e => e.ToJson());
        if (Style is { } style)
        {
            json["style"] = CardJson.Camel(style);
        }

        if (SelectAction is not null)
        {
            json["selectAction"] = SelectAction.ToJson();
        }
    }
}

public sealed class Column
{
    public List<CardElement> Items { get; init; } = [];

    /// <summary>"auto", "stretch" or a relative weight such as "2".</summary>
    public string Width { get; init; } = "stretch";

    public JsonObject ToJson() => new()
    {
        ["type"] = "Column",
        ["width"] = Width,
        ["items"] = CardJson.Array(Items, e => e.ToJson()),
    };
}

public sealed class ColumnSet : CardElement
{
    public List<Column> Columns { get; init; } = [];

    protected override string Type => "ColumnSet";

    protected override void Write(JsonObject json) =>
        json["columns"] = CardJson.Array(Columns, c => c.ToJson());
}

public sealed class ActionSet : CardElement
{
    public List<CardAction> Actions { get; init; } = [];

    protected override string Type => "ActionSet";

    protected override void Write(JsonObject json) =>
        json["actions"] = CardJson.Array(Actions, a => a.ToJson());
}
