using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace PartnerBot.Core.Cards.AdaptiveCards;

/// <summary>
/// Teams renders a Markdown subset in TextBlock text and FactSet titles and values. Text a person typed, or a name
/// that came from Teams, goes through <see cref="Escape"/> so it shows as typed: no links, images, emphasis,
/// headings, lists, quotes, code or mentions.
/// </summary>
public static partial class Markdown
{
    /// <summary>
    /// Backslash-escapes the CommonMark syntax in <paramref name="literal"/>. Characters that form syntax anywhere
    /// are always escaped; those that only start a block (<c>#</c>, <c>&gt;</c>, <c>-</c>, <c>+</c>, <c>=</c>, <c>1.</c>)
    /// only at the start of a line, so ordinary text stays readable in the card JSON.
    /// Spaces and tabs at the start and end of each line are dropped: Markdown does not show them, and leading ones
    /// would turn the line into a code block.
    /// </summary>
    public static string Escape(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        var lines = literal.ReplaceLineEndings("\n").Split('\n');
        var escaped = new StringBuilder(literal.Length + 8);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                escaped.Append('\n');
            }

            EscapeLine(lines[i].Trim(' ', '\t'), escaped);
        }

        return escaped.ToString();
    }

    private static void EscapeLine(string line, StringBuilder escaped)
    {
        var start = escaped.Length;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (NeedsEscape(line, i))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        // "1. " or "1) " starts an ordered list: escape the delimiter, not the number. "4.0 of 5" is no list.
        var digits = 0;
        while (digits < line.Length && char.IsAsciiDigit(line[digits]))
        {
            digits++;
        }

        if (digits is > 0 and <= 9 && digits < line.Length && line[digits] is '.' or ')'
            && (digits + 1 == line.Length || line[digits + 1] is ' ' or '\t'))
        {
            escaped.Insert(start + digits, '\\');
        }
    }

    private static bool NeedsEscape(string line, int i) => line[i] switch
    {
        // Emphasis, code, links and images, raw HTML and autolinks (<at> mentions too), strikethrough, tables, escapes.
        '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '~' or '|' => true,
        // Adaptive Cards replaces {{DATE(…)}} and {{TIME(…)}} before Markdown runs.
        '{' => true,
        // Entity references (&amp; &#42;) would turn into other characters; a lone & stays as it is.
        '&' => IsEntity(line, i),
        // Block starts: quote, list items, setext underlines and thematic breaks.
        '>' or '-' or '+' or '=' => i == 0,
        // A heading. CommonMark wants a space after the #, lenient renderers do not; "#1" (a rank) stays as it is.
        '#' => i == 0 && (line.Length == 1 || !char.IsAsciiDigit(line[1])),
        _ => false,
    };

    private static bool IsEntity(string line, int i) => EntityReference().IsMatch(line.AsSpan(i));

    [GeneratedRegex("^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")]
    private static partial Regex EntityReference();
}

/// <summary>
/// The text of a TextBlock or a fact: Markdown for the card. A string converts to it as literal text, escaped, so
/// whatever a person typed shows as typed. Markdown of our own goes through <see cref="FromMarkdown"/>, whose
/// interpolated values are escaped in turn.
/// </summary>
public sealed class CardText
{
    private CardText(string source) => Source = source;

    /// <summary>The Markdown the card carries.</summary>
    public string Source { get; }

    /// <summary>Text shown exactly as given.</summary>
    public static CardText Literal(string text) => new(Markdown.Escape(text));

    /// <summary>
    /// Markdown written here, e.g. <c>CardText.FromMarkdown($"**{name}**: {reason}")</c>: the literal parts are Markdown,
    /// every interpolated value is literal text.
    /// </summary>
    public static CardText FromMarkdown(ref MarkdownInterpolatedStringHandler markdown) => new(markdown.ToStringAndClear());

    public static implicit operator CardText(string text) => Literal(text);

    public override string ToString() => Source;
}

/// <summary>
/// Builds <see cref="CardText.FromMarkdown"/>: literal parts as written, values escaped as <see cref="Markdown.Escape"/> does
/// (so spaces at a value's ends are dropped too: put them in the literal part).
/// </summary>
[InterpolatedStringHandler]
public ref struct MarkdownInterpolatedStringHandler
{
    private DefaultInterpolatedStringHandler inner;

    public MarkdownInterpolatedStringHandler(int literalLength, int formattedCount) =>
        inner = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.CurrentCulture);

    public void AppendLiteral(string value) => inner.AppendLiteral(value);

    public void AppendFormatted<T>(T value, string? format = null)
    {
        var text = value is IFormattable formattable ? formattable.ToString(format, CultureInfo.CurrentCulture) : value?.ToString();
        inner.AppendLiteral(Markdown.Escape(text ?? ""));
    }

    internal string ToStringAndClear() => inner.ToStringAndClear();
}
