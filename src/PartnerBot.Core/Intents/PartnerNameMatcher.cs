namespace PartnerBot.Core.Intents;

/// <summary>Where a partner's name was found in typed text.</summary>
/// <param name="PartnerId">The partner's id.</param>
/// <param name="Similarity">0 to 1; 1 is an exact match.</param>
/// <param name="Start">Index of the first matched token.</param>
/// <param name="Length">How many tokens the match covers.</param>
public sealed record PartnerMatch(string PartnerId, double Similarity, int Start, int Length);

/// <summary>Finds an existing partner's name inside free text, tolerant of typos, case and a leading "the".</summary>
public static class PartnerNameMatcher
{
    /// <summary>Below this a match is more likely a different partner than a typo.</summary>
    public const double Threshold = 0.8;

    private const double PrefixDiscount = 0.85;

    private const int MinPrefixLength = 6;

    public static PartnerMatch? FindBest(IReadOnlyList<string> tokens, IReadOnlyDictionary<string, string> partnerNames)
    {
        PartnerMatch? best = null;
        foreach (var (id, name) in partnerNames)
        {
            var nameTokens = NameTokens(name);
            if (nameTokens.Count == 0)
            {
                continue;
            }

            var joinedName = string.Concat(nameTokens);
            var match = BestWindow(tokens, nameTokens.Count, joinedName, 1.0);
            // People shorten long names ("Green Roots" for "Green Roots Association"): a leading part of the name
            // counts too, discounted so that it must be typed almost exactly and a full-name match always wins.
            for (var prefix = 1; prefix < nameTokens.Count; prefix++)
            {
                var joinedPrefix = string.Concat(nameTokens.Take(prefix));
                if (joinedPrefix.Length >= MinPrefixLength && BestWindow(tokens, prefix, joinedPrefix, PrefixDiscount) is { } partial
                    && (match is null || partial.Similarity > match.Value.Similarity))
                {
                    match = partial;
                }
            }

            if (match is null)
            {
                continue;
            }

            var (similarity, start, length) = match.Value;
            var required = joinedName.Length <= 4 ? 1.0 : Threshold;
            if (similarity < required)
            {
                continue;
            }

            // On a tie the longer name wins: "Science Museum Friends" over "Science Museum".
            if (best is null || similarity > best.Similarity || (similarity == best.Similarity && length > best.Length))
            {
                best = new PartnerMatch(id, similarity, start, length);
            }
        }

        return best;
    }

    private static List<string> NameTokens(string name)
    {
        var tokens = TextNormalizer.Tokens(name).ToList();
        if (tokens.Count > 1 && tokens[0] == "the")
        {
            tokens.RemoveAt(0);
        }

        return tokens;
    }

    private static (double Similarity, int Start, int Length)? BestWindow(IReadOnlyList<string> tokens, int nameLength, string joinedName, double weight)
    {
        (double Similarity, int Start, int Length)? best = null;
        // A typo can split or join words ("sciencemuseum", "science mu seum"), so windows one token shorter or longer count too.
        for (var length = Math.Max(1, nameLength - 1); length <= nameLength + 1; length++)
        {
            for (var start = 0; start + length <= tokens.Count; start++)
            {
                var windowLength = 0;
                for (var k = start; k < start + length; k++)
                {
                    windowLength += tokens[k].Length;
                }

                // The length difference alone bounds the similarity: skip the edit distance when it cannot reach the threshold.
                var longest = Math.Max(windowLength, joinedName.Length);
                var ceiling = weight * (1 - ((double)Math.Abs(windowLength - joinedName.Length) / longest));
                if (ceiling < Threshold || (best is not null && ceiling <= best.Value.Similarity))
                {
                    continue;
                }

                var window = string.Concat(tokens.Skip(start).Take(length));
                var similarity = weight * FuzzyText.Similarity(window, joinedName);
                if (best is null || similarity > best.Value.Similarity)
                {
                    best = (similarity, start, length);
                }
            }
        }

        return best;
    }
}
