using System.Globalization;
using System.Text;

namespace PartnerBot.Core.Intents;

/// <summary>Turns free text into comparable lower-case tokens.</summary>
public static class TextNormalizer
{
    /// <summary>
    /// Lower-cases, drops apostrophes (so "hasn't" and "hasnt" compare equal) and splits on anything that
    /// is not a letter or a digit. Letters of every script are kept: partner names may be in any language.
    /// </summary>
    public static IReadOnlyList<string> Tokens(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var builder = new StringBuilder(text.Length);
        foreach (var ch in text.Normalize(NormalizationForm.FormC))
        {
            if (ch is '\'' or '’' or '‘')
            {
                continue;
            }

            builder.Append(char.IsLetterOrDigit(ch) ? char.ToLower(ch, CultureInfo.InvariantCulture) : ' ');
        }

        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
