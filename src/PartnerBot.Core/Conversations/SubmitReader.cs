using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PartnerBot.Core.Conversations;

/// <summary>
/// Reads an untrusted card submit. Every value is checked again on the server (the card's own checks are a
/// convenience): lengths, ranges and enumerations. Problems are collected, so one reply can name them all.
/// </summary>
public sealed class SubmitReader(JsonObject value)
{
    private readonly List<string> problems = [];

    public IReadOnlyList<string> Problems => problems;

    public bool IsValid => problems.Count == 0;

    /// <summary>The problems as one message for the person.</summary>
    public string ProblemText => "I could not save that: " + string.Join(" ", problems) + " Nothing was changed.";

    public string? Raw(string name) => value[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    public string Text(string name, string label, int maxLength, bool required = false)
    {
        var text = (Raw(name) ?? "").Trim();
        if (required && text.Length == 0)
        {
            problems.Add($"{label} is required.");
        }
        else if (text.Length > maxLength)
        {
            problems.Add($"{label} may be at most {maxLength} characters (it has {text.Length}).");
        }

        return text;
    }

    public int? Int(string name, string label, int min, int max, bool required = false)
    {
        var raw = Raw(name)?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            if (required)
            {
                problems.Add($"{label} is required.");
            }

            return null;
        }

        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d >= min && d <= max)
        {
            return (int)d;
        }

        problems.Add($"{label} must be a whole number from {min} to {max}.");
        return null;
    }

    public TEnum? Enum<TEnum>(string name, string label, bool required = false)
        where TEnum : struct, Enum
    {
        var raw = Raw(name)?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            if (required)
            {
                problems.Add($"{label} is required.");
            }

            return null;
        }

        // Names only: a number would parse to any value, defined or not.
        if (!raw.Any(char.IsDigit) && System.Enum.TryParse<TEnum>(raw, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed))
        {
            return parsed;
        }

        problems.Add($"{label} has a value I do not know.");
        return null;
    }

    public bool Bool(string name) => string.Equals(Raw(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A yes/no question that may be left unanswered: "yes"/"true", "no"/"false", else null (not answered).</summary>
    public bool? YesNo(string name) => Raw(name)?.Trim().ToLowerInvariant() switch
    {
        "yes" or "true" => true,
        "no" or "false" => false,
        _ => null,
    };

    public DateOnly? Date(string name, string label, bool required = false)
    {
        var raw = Raw(name)?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            if (required)
            {
                problems.Add($"{label} is required.");
            }

            return null;
        }

        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        problems.Add($"{label} must be a date (yyyy-mm-dd).");
        return null;
    }

    /// <summary>A multi-select value: comma-separated, each checked against <paramref name="allowed"/> when given.</summary>
    public IReadOnlyList<string> List(string name, string label, IReadOnlyCollection<string>? allowed = null, int maxItems = 20)
    {
        var items = (Raw(name) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (items.Count > maxItems)
        {
            problems.Add($"{label} may have at most {maxItems} entries.");
            return [];
        }

        if (allowed is not null && items.Any(i => !allowed.Contains(i)))
        {
            problems.Add($"{label} has a choice I do not know (it may have been removed).");
            return items.Where(allowed.Contains).ToList();
        }

        return items;
    }

    public void Problem(string message) => problems.Add(message);
}
