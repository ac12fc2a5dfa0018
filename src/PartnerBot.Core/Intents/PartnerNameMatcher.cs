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

    /// <summary>What one distinctive word of a name is worth ("the university" for "Riverside University"): just enough.</summary>
    private const double WordSimilarity = Threshold;

    /// <summary>The shortest start of a word that stands for it ("univ" for "university").</summary>
    private const int MinAbbreviationLength = 4;

    /// <summary>Words too common in names to point at one partner on their own.</summary>
    private static readonly HashSet<string> CommonNameWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "of", "city", "town", "county", "team", "group", "friends", "library", "libraries", "centre", "center",
        "services", "service", "department", "office", "club", "society", "trust", "company", "ltd", "inc", "local", "community",
    };

    /// <summary>The best match, or null. On a tie the longer name wins; use <see cref="FindAll"/> to see ties.</summary>
    public static PartnerMatch? FindBest(IReadOnlyList<string> tokens, IReadOnlyDictionary<string, string> partnerNames, IReadOnlySet<string>? reserved = null)
    {
        PartnerMatch? best = null;
        foreach (var match in FindAll(tokens, partnerNames, reserved))
        {
            var (similarity, length) = (match.Similarity, match.Length);
            // On a tie the longer name wins: "Science Museum Friends" over "Science Museum".
            if (best is null || similarity > best.Similarity || (similarity == best.Similarity && length > best.Length))
            {
                best = match;
            }
        }

        return best;
    }

    /// <summary>
    /// Every partner whose name the text mentions well enough: the whole name, a leading part of it, or one distinctive
    /// word of it ("the university", "the univ"). <paramref name="reserved"/> are words that mean something else in the
    /// text (command words), so they never count as one distinctive word of a name.
    /// </summary>
    public static IReadOnlyList<PartnerMatch> FindAll(IReadOnlyList<string> tokens, IReadOnlyDictionary<string, string> partnerNames, IReadOnlySet<string>? reserved = null)
    {
        var found = new List<PartnerMatch>();
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

            if ((match is null || match.Value.Similarity < WordSimilarity) && nameTokens.Count > 1 && OneWord(tokens, nameTokens, reserved) is { } word)
            {
                match = (WordSimilarity, word, 1);
            }

            if (match is null)
            {
                continue;
            }

            var (similarity, start, length) = match.Value;
            var required = joinedName.Length <= 4 ? 1.0 : Threshold;
            if (similarity >= required)
            {
                found.Add(new PartnerMatch(id, similarity, start, length));
            }
        }

        return found;
    }

    /// <summary>Where the text names one distinctive word of a name, typos and a shortened word ("univ") allowed.</summary>
    private static int? OneWord(IReadOnlyList<string> tokens, IReadOnlyList<string> nameTokens, IReadOnlySet<string>? reserved)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Length < MinAbbreviationLength || CommonNameWords.Contains(token) || reserved?.Contains(token) == true || RoutingTable.Filler.Contains(token))
            {
                continue;
            }

            if (nameTokens.Any(word => word.Length >= MinAbbreviationLength && !CommonNameWords.Contains(word) && IsWord(token, word))
                && Neighbour(tokens, i - 1, nameTokens, reserved) && Neighbour(tokens, i + 1, nameTokens, reserved))
            {
                return i;
            }
        }

        return null;
    }

    private static bool IsWord(string token, string word) => FuzzyText.WordScore(token, word) > 0 || word.StartsWith(token, StringComparison.Ordinal);

    /// <summary>
    /// A word right next to the one matched must not be part of another name: "the history museum" is not "Science
    /// Museum". The text's edge, a filler word, a command word or another word of this name are fine.
    /// </summary>
    private static bool Neighbour(IReadOnlyList<string> tokens, int index, IReadOnlyList<string> nameTokens, IReadOnlySet<string>? reserved)
    {
        if (index < 0 || index >= tokens.Count)
        {
            return true;
        }

        var token = tokens[index];
        return RoutingTable.Filler.Contains(token) || reserved?.Contains(token) == true || token.All(char.IsDigit) || nameTokens.Any(w => IsWord(token, w));
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
