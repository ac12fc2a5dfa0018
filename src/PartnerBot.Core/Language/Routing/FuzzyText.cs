namespace PartnerBot.Core.Language.Routing;

/// <summary>Typo-tolerant comparison of words and names.</summary>
public static class FuzzyText
{
    /// <summary>
    /// Optimal-string-alignment Damerau–Levenshtein distance: insertions, deletions, substitutions and
    /// swaps of two neighbouring letters each cost one, the typos people make most when typing fast.
    /// </summary>
    public static int Distance(string a, string b)
    {
        if (a.Length == 0)
        {
            return b.Length;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                }

                d[i, j] = best;
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>1 for equal strings, falling towards 0 as more edits are needed.</summary>
    public static double Similarity(string a, string b)
    {
        var longest = Math.Max(a.Length, b.Length);
        return longest == 0 ? 1 : 1 - ((double)Distance(a, b) / longest);
    }

    /// <summary>
    /// How well a typed word matches a known word: 1 when equal, 0.8 within the allowed typos, else 0.
    /// Short words must match exactly, or "ad" would read as "add" and "me" as "my".
    /// </summary>
    public static double WordScore(string typed, string known)
    {
        if (typed == known)
        {
            return 1;
        }

        var allowed = known.Length switch
        {
            < 4 => 0,
            < 7 => 1,
            _ => 2,
        };
        return allowed > 0 && Math.Abs(typed.Length - known.Length) <= allowed && Distance(typed, known) <= allowed ? 0.8 : 0;
    }
}
