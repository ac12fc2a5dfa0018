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

    /// <summary>Asks Teams to fetch a person's own view of the card when they see it (Universal Actions); null for none.</summary>
    public CardRefresh? Refresh { get; set; }

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
        if (Refresh is { } refresh)
        {
            json["refresh"] = refresh.ToJson();
        }

        // Cards fill the Teams pane instead of a narrow bubble.
        json["msteams"] = new JsonObject { ["width"] = "Full" };
        ShownInputs.Stamp(json);
        return json;
    }
}

/// <summary>
/// The card's <c>refresh</c>: when one of <see cref="UserIds"/> (Teams user ids, <c>29:…</c>) sees the card, Teams sends
/// an <c>adaptiveCard/action</c> invoke with <see cref="Verb"/> and <see cref="Data"/> (trigger "automatic") and shows
/// that person the card the bot answers with. Others see the card as posted.
/// </summary>
public sealed class CardRefresh
{
    /// <summary>The verb of every refresh; the data's <c>view</c> says which card.</summary>
    public const string Verb = "refresh";

    /// <summary>Teams refreshes automatically for at most this many people.</summary>
    public const int MaxUserIds = 60;

    public required JsonObject Data { get; init; }

    public required IReadOnlyList<string> UserIds { get; init; }

    public JsonObject ToJson()
    {
        if (UserIds.Count > MaxUserIds)
        {
            throw new InvalidOperationException($"A card refreshes for at most {MaxUserIds} people; {UserIds.Count} were named.");
        }

        var data = (JsonObject)Data.DeepClone();
        data["action"] = Verb;
        var action = new SubmitAction { Title = "Refresh", Data = data }.ToJson();
        return new JsonObject
        {
            ["action"] = action,
            ["userIds"] = new JsonArray(UserIds.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray()),
        };
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
