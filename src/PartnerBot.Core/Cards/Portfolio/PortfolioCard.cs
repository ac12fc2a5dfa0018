using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Cards.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;

namespace PartnerBot.Core.Cards.Portfolio;

/// <summary>Pipeline, uncovered needs, balance and warnings.</summary>
public static class PortfolioCard
{
    public static AdaptiveCard Build(PortfolioReport report)
    {
        var card = new AdaptiveCard
        {
            FallbackText = "Partnership portfolio",
            Body =
            {
                new TextBlock("Partnership portfolio") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock("Pipeline") { Weight = TextWeight.Bolder },
                new FactList { Facts = report.Pipeline.Where(kv => kv.Value > 0).Select(kv => new Fact(kv.Key.Label(), kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList() },
                new TextBlock($"Balance of the {report.InPlay} partnership{(report.InPlay == 1 ? "" : "s")} in play") { Weight = TextWeight.Bolder, Separator = true },
                new FactList { Facts = report.SectorShares.Select(kv => new Fact(PartnerCatalog.Label(kv.Key), PortfolioAnalysis.Percent(kv.Value))).ToList() },
                new TextBlock("Clusters: " + (report.Clusters.Count == 0 ? "none named yet" : string.Join(", ", report.Clusters.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} ({kv.Value})")))),
            },
        };
        card.Body.Add(new TextBlock(report.UncoveredNeeds.Count == 0 ? "Every need has a candidate." : $"Needs with no candidate ({report.UncoveredNeeds.Count})") { Weight = TextWeight.Bolder, Separator = true });
        foreach (var need in report.UncoveredNeeds.Take(8))
        {
            card.Body.Add(new TextBlock($"{NeedsCards.NeedLabel(need)}: {need.Description} ({need.Priority})") { Spacing = Spacing.Small });
        }

        foreach (var warning in report.Warnings)
        {
            card.Body.Add(new TextBlock("⚠ " + warning) { Color = TextColor.Warning });
        }

        card.Body.Add(new TextBlock("Never stop looking: a broad list of candidates keeps the library free to choose.") { IsSubtle = true, Separator = true });
        card.Actions.Add(Buttons.Command("Add a candidate", PartnerFlow.AddCommand));
        card.Actions.Add(Buttons.Command("Ranking", PartnerFlow.RankingCommand));
        return card;
    }
}
