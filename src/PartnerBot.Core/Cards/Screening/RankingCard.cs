using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Cards.Partners;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;

namespace PartnerBot.Core.Cards.Screening;

/// <summary>The prioritised list of candidates.</summary>
public static class RankingCard
{
    public const int Shown = 10;

    public static AdaptiveCard Build(IReadOnlyList<RankedPartner> ranking, string? highlightPartnerId)
    {
        var card = new AdaptiveCard
        {
            FallbackText = "Ranking of candidate partners",
            Body = { new TextBlock("Prioritised candidates") { Size = TextSize.Medium, Weight = TextWeight.Bolder } },
        };
        card.Body.AddRange(Lines(ranking, highlightPartnerId));
        card.Body.Add(new TextBlock("Scores are out of 5: the detailed assessment when there is one, else the average screening.") { IsSubtle = true, Separator = true });
        card.Actions.Add(Buttons.Command("All partners", PartnerFlow.ListCommand));
        card.Actions.Add(Buttons.Command("Portfolio", PortfolioFlow.PortfolioCommand));
        return card;
    }

    /// <summary>One line per candidate, the highlighted one in bold.</summary>
    public static IEnumerable<CardElement> Lines(IReadOnlyList<RankedPartner> ranking, string? highlightPartnerId)
    {
        foreach (var line in ranking.Take(Shown))
        {
            var p = line.Partner;
            var score = line.Score is { } s ? PartnerCards.Num(s) : "not rated";
            var recommendation = p.Recommendation is { } r ? $" · {r}" : "";
            yield return new TextBlock($"{line.Rank}. {p.Name} — {score}{recommendation} · {p.Stage.Label()}")
            {
                Weight = p.Id == highlightPartnerId ? TextWeight.Bolder : null,
                Spacing = Spacing.Small,
            };
        }
    }
}
