using System.Text.Json.Nodes;

namespace PartnerBot.Core.Cards.AdaptiveCards;

/// <summary>An input; its value arrives in the submit data under its <see cref="CardElement.Id"/>.</summary>
public abstract class CardInput : CardElement
{
    /// <summary>Shown above the input (schema 1.3).</summary>
    public string? Label { get; init; }

    public bool? IsRequired { get; init; }

    /// <summary>Shown when the client-side check fails (schema 1.3).</summary>
    public string? ErrorMessage { get; init; }

    protected override void Write(JsonObject json)
    {
        CardJson.Set(json, "label", Label);
        CardJson.Set(json, "isRequired", IsRequired);
        CardJson.Set(json, "errorMessage", ErrorMessage);
        WriteInput(json);
    }

    protected abstract void WriteInput(JsonObject json);
}

public sealed class TextInput : CardInput
{
    public string? Placeholder { get; init; }

    public string? Value { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }

    public string? Regex { get; init; }

    protected override string Type => "Input.Text";

    protected override void WriteInput(JsonObject json)
    {
        CardJson.Set(json, "placeholder", Placeholder);
        CardJson.Set(json, "value", Value);
        CardJson.Set(json, "isMultiline", IsMultiline);
        if (MaxLength is { } maxLength)
        {
            json["maxLength"] = maxLength;
        }

        CardJson.Set(json, "regex", Regex);
    }
}

public sealed class NumberInput : CardInput
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? Value { get; init; }

    public string? Placeholder { get; init; }

    protected override string Type => "Input.Number";

    protected override void WriteInput(JsonObject json)
    {
        CardJson.Set(json, "min", Min);
        CardJson.Set(json, "max", Max);
        CardJson.Set(json, "value", Value);
        CardJson.Set(json, "placeholder", Placeholder);
        // Expanded choices wrap in a narrow pane instead of being cut off to the same few words.
        json["wrap"] = true;
    }
}

public sealed class DateInput : CardInput
{
    /// <summary>yyyy-MM-dd.</summary>
    public string? Value { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }

    protected override string Type => "Input.Date";

    protected override void WriteInput(JsonObject json)
    {
        CardJson.Set(json, "value", Value);
        CardJson.Set(json, "min", Min);
        CardJson.Set(json, "max", Max);
    }
}

public sealed class ToggleInput : CardInput
{
    public required string Title { get; init; }

    public bool Value { get; init; }

    protected override string Type => "Input.Toggle";

    protected override void WriteInput(JsonObject json)
    {
        json["title"] = Title;
        // A narrow pane (Teams' side panel, a phone) would cut a long title off mid-sentence.
        json["wrap"] = true;
        json["value"] = Value ? "true" : "false";
        json["valueOn"] = "true";
        json["valueOff"] = "false";
    }
}

public sealed record Choice(string Title, string Value);

public enum ChoiceStyle { Compact, Expanded, Filtered }

public sealed class ChoiceSetInput : CardInput
{
    public List<Choice> Choices { get; init; } = [];

    /// <summary>For multi-select: values joined by commas.</summary>
    public string? Value { get; init; }

    public bool? IsMultiSelect { get; init; }

    public ChoiceStyle? Style { get; init; }

    public string? Placeholder { get; init; }

    protected override string Type => "Input.ChoiceSet";

    protected override void WriteInput(JsonObject json)
    {
        // The client joins a multi-select's values with commas; a value holding one could never be read back.
        if (IsMultiSelect == true && Choices.FirstOrDefault(c => c.Value.Contains(',', StringComparison.Ordinal)) is { } bad)
        {
            throw new InvalidOperationException($"The choice \"{bad.Title}\" of \"{Id}\" has a comma in its value; a value must be an id.");
        }

        json["choices"] = CardJson.Array(Choices, c => new JsonObject { ["title"] = c.Title, ["value"] = c.Value });
        CardJson.Set(json, "value", Value);
        CardJson.Set(json, "isMultiSelect", IsMultiSelect);
        if (Style is { } style)
        {
            json["style"] = CardJson.Camel(style);
        }

        CardJson.Set(json, "placeholder", Placeholder);
    }
}
