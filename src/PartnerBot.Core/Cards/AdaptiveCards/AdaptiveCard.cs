using System.Text.Json.Nodes;

namespace PartnerBot.Core.Cards.AdaptiveCards;

/// <summary>
/// A typed Adaptive Card (schema 1.5 at most, the highest Teams desktop and web render).
/// Build with object initialisers; <see cref="ToJson"/> gives the wire JSON.
/// </summary>
public sealed class AdaptiveCard
{
    public const string SchemaVersion = "1.5";

    public List<CardElement> Body { get; init; } = [];

    public List<CardAction> Actions { get; init; } = [];

    /// <summary>Text read out when the card cannot be shown (notifications, screen readers).</summary>
    public string? FallbackText { get; init; }

    public string? Speak { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = SchemaVersion,
            ["body"] = CardJson.Array(Body, e => e.ToJson()),
        };
        if (Actions.Count > 0)
        {
            json["actions"] = CardJson.Array(Actions, a => a.ToJson());
        }

        CardJson.Set(json, "fallbackText", FallbackText);
        CardJson.Set(json, "speak", Speak);
        // Cards fill the Teams pane instead of a narrow bubble.
        json["msteams"] = new JsonObject { ["width"] = "Full" };
        ShownInputs.Stamp(json);
        return json;
    }
}

internal static class CardJson
{
    public static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode> map)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(map(item));
        }

        return array;
    }

    public static void Set(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    public static void Set(JsonObject json, string name, bool? value)
    {
        if (value is not null)
        {
            json[name] = value.Value;
        }
    }

    public static void Set(JsonObject json, string name, double? value)
    {
        if (value is not null)
        {
            json[name] = value.Value;
        }
    }

    public static string Camel<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
