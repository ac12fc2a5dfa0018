using System.Globalization;
using System.Text.Json;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Partners;

namespace PartnerBot.Language.Intents;

/// <summary>
/// Checks a model's intent answer against the expected shape before anything acts on it: the command
/// must be one the bot knows now, a partner id must be one of this workspace's, types and sectors must
/// be enum names, and days a sensible number. Anything else rejects the whole answer.
/// </summary>
public static class IntentAnswer
{
    public const int MaxDays = 3650;

    public const int MaxNameLength = 200;

    public static bool TryParse(string answer, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames, out Intent intent, out string reason)
    {
        intent = Intent.None;
        var json = Model.PromptData.ExtractJsonObject(answer);
        if (json is null)
        {
            reason = "no JSON object";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return TryRead(document.RootElement, commands, partnerNames, out intent, out reason);
        }
        catch (JsonException)
        {
            reason = "invalid JSON";
            return false;
        }
    }

    private static bool TryRead(JsonElement root, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames, out Intent intent, out string reason)
    {
        intent = Intent.None;
        string? command = null;
        if (root.TryGetProperty("command", out var commandElement) && commandElement.ValueKind != JsonValueKind.Null)
        {
            var typed = commandElement.ValueKind == JsonValueKind.String ? commandElement.GetString() : null;
            command = commands.FirstOrDefault(c => string.Equals(c.Name, typed?.Trim(), StringComparison.OrdinalIgnoreCase))?.Name;
            if (command is null)
            {
                reason = "unknown command";
                return false;
            }
        }

        var confidence = 0.7;
        if (root.TryGetProperty("confidence", out var confidenceElement))
        {
            if (confidenceElement.ValueKind != JsonValueKind.Number || !confidenceElement.TryGetDouble(out confidence) || confidence is < 0 or > 1)
            {
                reason = "confidence out of range";
                return false;
            }
        }

        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("entities", out var entitiesElement) && entitiesElement.ValueKind != JsonValueKind.Null)
        {
            if (entitiesElement.ValueKind != JsonValueKind.Object)
            {
                reason = "entities is not an object";
                return false;
            }

            foreach (var property in entitiesElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                var value = ReadEntity(property.Name, property.Value, partnerNames);
                if (value is null)
                {
                    reason = $"invalid entity '{property.Name}'";
                    return false;
                }

                entities[property.Name] = value;
            }
        }

        if (command is null && entities.Count > 0)
        {
            reason = "entities without a command";
            return false;
        }

        intent = command is null ? Intent.None : new Intent(command, entities, confidence);
        reason = "";
        return true;
    }

    private static string? ReadEntity(string name, JsonElement value, IReadOnlyDictionary<string, string> partnerNames)
    {
        switch (name)
        {
            case "partner":
                var id = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                return id is not null && partnerNames.ContainsKey(id) ? id : null;
            case "partnerName":
                var partnerName = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim() : null;
                return partnerName is { Length: > 0 and <= MaxNameLength } && !partnerName.Any(char.IsControl) ? partnerName : null;
            case "partnerType":
                return EnumName<PartnerType>(value);
            case "sector":
                return EnumName<Sector>(value);
            case "days":
                int days;
                var ok = value.ValueKind == JsonValueKind.Number ? value.TryGetInt32(out days)
                    : int.TryParse(value.ValueKind == JsonValueKind.String ? value.GetString() : null, NumberStyles.None, CultureInfo.InvariantCulture, out days);
                return ok && days is > 0 and <= MaxDays ? days.ToString(CultureInfo.InvariantCulture) : null;
            default:
                // An entity we never asked for is a sign the answer is not following the schema.
                return null;
        }
    }

    private static string? EnumName<TEnum>(JsonElement value)
        where TEnum : struct, Enum
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        // Names only: Enum.TryParse would also accept "3" or "1,2".
        return Enum.GetNames<TEnum>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
    }
}
