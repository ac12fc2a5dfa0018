using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Needs;

namespace PartnerBot.Core.Ideas;

/// <summary>Partner ideas, grouped by the uncovered need they answer.</summary>
public static class IdeasCard
{
    public static AdaptiveCard Build(IReadOnlyList<(Need Need, IReadOnlyList<PartnerIdea> Ideas)> suggestions, int uncoveredTotal)
    {
        var card = new AdaptiveCard
        {
            FallbackText = $"Partner ideas for {uncoveredTotal} uncovered needs.",
            Body =
            {
                new TextBlock("Who could cover your open needs") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(uncoveredTotal > suggestions.Count
                    ? $"{uncoveredTotal} needs have no candidate partner yet. Here are ideas for the {suggestions.Count} most important."
                    : $"{uncoveredTotal} {(uncoveredTotal == 1 ? "need has" : "needs have")} no candidate partner yet. Here is who to look for.")
                {
                    IsSubtle = true,
                },
            },
        };

        foreach (var (need, ideas) in suggestions)
        {
            var container = new Container
            {
                Separator = true,
                Items =
                {
                    new TextBlock($"{need.Description} ({Kind(need.Kind)}, {need.Priority.ToString().ToLowerInvariant()} priority)") { Weight = TextWeight.Bolder },
                },
            };
            foreach (var idea in ideas)
            {
                container.Items.Add(new TextBlock(CardText.FromMarkdown($"**{Capitalise(idea.Examples)}**: {idea.Reason}")));
                if (idea.Caution is { } caution)
                {
                    container.Items.Add(new TextBlock("Watch out: " + caution) { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.None });
                }
            }

            card.Body.Add(container);
        }

        card.Body.Add(new TextBlock("Found one? Type 'add partner' to put it on the list.") { IsSubtle = true, Separator = true });
        return card;
    }

    private static string Kind(NeedKind kind) => kind switch
    {
        NeedKind.HumanResources => "skills and people",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Capitalise(string text) => text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;
}
