namespace PartnerBot.Core.Intents;

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

        // Three rolling rows (two back for the swap case) instead of a full matrix: this runs for every word
        // and every partner name on each message, so it should not allocate for ordinary lengths.
        var width = b.Length + 1;
        Span<int> rows = width * 3 <= 768 ? stackalloc int[width * 3] : new int[width * 3];
        var beforePrevious = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, beforePrevious[j - 2] + 1);
                }

                current[j] = best;
            }

            var recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
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
