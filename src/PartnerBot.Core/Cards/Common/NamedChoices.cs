using System.Collections;
using System.Text.RegularExpressions;
using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.Cards;

/// <summary>One entry of a fixed list people pick from: a stable id for the card's value, and the text people read.</summary>
public sealed record NamedChoice(string Id, string Text);

/// <summary>
/// A fixed list whose entries are stored as their text but travel on cards as ids. A multi-select submits its values
/// joined by commas, so a value must never be display text (which may hold a comma, and may be reworded).
/// </summary>
public sealed partial class NamedChoices : IReadOnlyList<NamedChoice>
{
    private readonly IReadOnlyList<NamedChoice> items;

    public NamedChoices(params IReadOnlyList<NamedChoice> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            if (!IsIdentifier(item.Id))
            {
                throw new ArgumentException($"\"{item.Id}\" is not an identifier a card value may be.", nameof(items));
            }
        }

        if (items.Select(i => i.Id).Distinct(StringComparer.Ordinal).Count() != items.Count)
        {
            throw new ArgumentException("Two choices share an id.", nameof(items));
        }

        this.items = items;
    }

    public int Count => items.Count;

    public NamedChoice this[int index] => items[index];

    /// <summary>The card choices: the text shown, the id submitted.</summary>
    public List<Choice> Choices => items.Select(i => new Choice(i.Text, i.Id)).ToList();

    /// <summary>
    /// The values a submit may carry: every id, plus the text of entries without a comma, which cards sent before
    /// values became ids (a card stays in the chat and can still be clicked).
    /// </summary>
    public IReadOnlyCollection<string> SubmitValues =>
        items.Select(i => i.Id).Concat(items.Select(i => i.Text).Where(t => !t.Contains(',', StringComparison.Ordinal))).ToHashSet(StringComparer.Ordinal);

    public bool ContainsText(string text) => items.Any(i => i.Text == text);

    /// <summary>The card value selecting <paramref name="texts"/>: the ids of those on the list, joined by commas.</summary>
    public string ValueOf(IEnumerable<string> texts) =>
        string.Join(',', texts.Select(t => items.FirstOrDefault(i => i.Text == t)?.Id).OfType<string>());

    /// <summary>The text of a submitted value (an id, or the text an older card sent); null when it is not on the list.</summary>
    public string? TextOf(string value) => items.FirstOrDefault(i => i.Id == value || i.Text == value)?.Text;

    /// <summary>Short, stable, and free of the comma that separates a multi-select's values.</summary>
    public static bool IsIdentifier(string value) => Identifier().IsMatch(value);

    public IEnumerator<NamedChoice> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")]
    private static partial Regex Identifier();
}
