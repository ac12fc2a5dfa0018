using System.Text.Json.Nodes;

namespace PartnerBot.Core.Cards.AdaptiveCards;

/// <summary>
/// Teams and Web Chat leave an empty input out of a submit, so "cleared" and "not on the card" would look alike.
/// Every submit that carries inputs therefore also carries the ids of the inputs its card showed, and the server reads
/// a shown input that is missing as cleared, while an input the card did not show stays untouched.
/// </summary>
public static class ShownInputs
{
    /// <summary>The data field listing the input ids a card showed.</summary>
    public const string Key = "shown";

    // A forged submit could list anything; a real card has a few dozen inputs at most.
    private const int MaxIds = 200;
    private const int MaxIdLength = 100;

    /// <summary>
    /// The submit as the card meant it: each input the card showed but the client left out is there, empty.
    /// A submit without the list (a card sent before it existed, or a hand-made one) is returned as it came.
    /// </summary>
    public static JsonObject Complete(JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.ContainsKey(Key))
        {
            return value;
        }

        var complete = value.DeepClone().AsObject();
        complete.Remove(Key);
        if (value[Key] is JsonArray shown)
        {
            foreach (var node in shown.Take(MaxIds))
            {
                if (node is JsonValue v && v.TryGetValue<string>(out var id) && id.Length is > 0 and <= MaxIdLength && id != Key && complete[id] is null)
                {
                    complete[id] = "";
                }
            }
        }

        return complete;
    }

    /// <summary>Adds the list to each submit of <paramref name="card"/> that sends inputs; an action in a shown card also sends its parents' inputs.</summary>
    internal static void Stamp(JsonObject card) => Stamp(card, []);

    private static void Stamp(JsonObject card, IReadOnlyList<string> inherited)
    {
        var ids = inherited.Concat(Own(card).Where(IsInput).Select(i => (string?)i["id"]).OfType<string>()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var action in Own(card).Where(o => ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true))
        {
            if ((string?)action["type"] == "Action.ShowCard" && action["card"] is JsonObject shown)
            {
                Stamp(shown, ids);
            }
            else if ((string?)action["type"] is "Action.Submit" or "Action.Execute" && (string?)action["associatedInputs"] != "none"
                && ids.Count > 0 && action["data"] is JsonObject data)
            {
                data[Key] = new JsonArray(ids.Select(id => (JsonNode?)JsonValue.Create(id)).ToArray());
            }
        }
    }

    private static bool IsInput(JsonObject o) => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true;

    /// <summary>Every object of this card, not those of the cards its Action.ShowCard buttons open.</summary>
    private static IEnumerable<JsonObject> Own(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.Where(kv => !(kv.Key == "card" && (string?)o["type"] == "Action.ShowCard")).SelectMany(kv => Own(kv.Value))),
        JsonArray a => a.SelectMany(Own),
        _ => [],
    };
}
