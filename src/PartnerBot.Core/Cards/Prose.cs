namespace PartnerBot.Core.Cards;

/// <summary>Small helpers for the English sentences the deterministic defaults write.</summary>
internal static class Prose
{
    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string JoinAnd(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1],
    };

    /// <summary>
    /// Goals are typed as titles ("Digital skills for seniors"); inside a sentence they read better lower-cased,
    /// unless the first word looks like a name or acronym.
    /// </summary>
    public static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    public static string UpperFirst(string text) =>
        text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;
}
