using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerBot.Core.Conversations;

namespace PartnerBot.PackageBuilder;

/// <summary>
/// Fills manifest/manifest.json. Placeholders (<c>${{PARTNERBOT_APP_ID}}</c>) are replaced inside parsed
/// string values, never in the raw text, so a value cannot break the JSON around it.
/// </summary>
public static partial class ManifestTemplate
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Fill(string templateJson, IReadOnlyDictionary<string, string> values, IReadOnlyList<BotCommand> catalog, List<string> notes)
    {
        var manifest = JsonNode.Parse(templateJson) as JsonObject ?? throw new PackageException("manifest.json is not a JSON object.");
        var unfilled = new SortedSet<string>(StringComparer.Ordinal);
        var filled = (JsonObject)Substitute(manifest, values, unfilled)!;
        if (unfilled.Count > 0)
        {
            throw new PackageException($"manifest.json uses values the builder was not given: {string.Join(", ", unfilled)}.");
        }

        if (filled["bots"] is not JsonArray { Count: 1 } bots || bots[0] is not JsonObject bot)
        {
            throw new PackageException("manifest.json must declare exactly one bot.");
        }

        bot["commandLists"] = CommandLists.Build(catalog, notes);
        return filled;
    }

    public static string Serialize(JsonObject manifest) => manifest.ToJsonString(Indented) + "\n";

    private static JsonNode? Substitute(JsonNode? node, IReadOnlyDictionary<string, string> values, SortedSet<string> unfilled) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Substitute(p.Value, values, unfilled)))),
        JsonArray a => new JsonArray(a.Select(i => Substitute(i, values, unfilled)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(Placeholder().Replace(text, m =>
        {
            if (values.TryGetValue(m.Groups[1].Value, out var value))
            {
                return value;
            }

            unfilled.Add(m.Groups[1].Value);
            return m.Value;
        })),
        _ => node?.DeepClone(),
    };

    [GeneratedRegex(@"\$\{\{([A-Z0-9_]+)\}\}")]
    private static partial Regex Placeholder();
}
