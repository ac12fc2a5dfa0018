using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Portfolio;

/// <summary>The portfolio at a glance (seeds 003, 004).</summary>
public sealed record PortfolioReport
{
    public required IReadOnlyDictionary<PartnerStage, int> Pipeline { get; init; }
    public required IReadOnlyList<Need> UncoveredNeeds { get; init; }
    /// <summary>Share of partnerships in play per sector, 0 to 1.</summary>
    public required IReadOnlyDictionary<Sector, double> SectorShares { get; init; }
    public required IReadOnlyDictionary<string, int> Clusters { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public int InPlay { get; init; }
}

/// <summary>
/// Balance and concentration. A partnership is "in play" from In talks to Under review. A partner's share is
/// its weight over the sum of weights in play, its weight being the number of needs it covers (at least 1), so a
/// partner carrying most of the library's needs dominates even among several.
/// </summary>
public static class PortfolioAnalysis
{
    /// <summary>Warn when one partner holds more than this share.</summary>
    public const double SinglePartnerLimit = 0.40;

    /// <summary>Warn when one market (commercial) partner holds more than this share.</summary>
    public const double SingleMarketLimit = 0.25;

    /// <summary>Warn when market partners together hold more than this share.</summary>
    public const double MarketSectorLimit = 0.50;

    public static bool InPlay(Partner partner) =>
        !partner.IsArchived && partner.Stage is PartnerStage.InTalks or PartnerStage.Formalised or PartnerStage.Active or PartnerStage.UnderReview;

    public static double Weight(Partner partner) => Math.Max(1, partner.NeedIds.Count);

    /// <summary>The share <paramref name="partner"/> would hold if it were in play with the others.</summary>
    public static double ShareIfInPlay(Partner partner, IEnumerable<Partner> partners)
    {
        var inPlay = partners.Where(p => p.Id != partner.Id && InPlay(p)).Append(partner).ToList();
        return Weight(partner) / inPlay.Sum(Weight);
    }

    /// <summary>The share of the partnerships in play each sector holds, 0 to 1 (every sector, 0 when nothing is in play).</summary>
    public static IReadOnlyDictionary<Sector, double> SectorShares(IReadOnlyList<Partner> partners)
    {
        var inPlay = partners.Where(InPlay).ToList();
        var total = inPlay.Sum(Weight);
        return Enum.GetValues<Sector>().ToDictionary(s => s, s => total == 0 ? 0 : inPlay.Where(p => p.Sector == s).Sum(Weight) / total);
    }

    /// <summary>
    /// The concentration warnings of a pipeline: the one rule the portfolio card and the weekly digest both show,
    /// in this order: a dominant partner, a dominant commercial partner, too much market, one cluster only.
    /// </summary>
    public static IReadOnlyList<string> ConcentrationWarnings(IReadOnlyList<Partner> partners)
    {
        var living = partners.Where(p => p.Stage != PartnerStage.Ended).ToList();
        var inPlay = partners.Where(InPlay).ToList();
        var total = inPlay.Sum(Weight);
        var warnings = new List<string>();
        if (inPlay.Count == 1)
        {
            warnings.Add($"All your partnerships in play rest on one partner ({inPlay[0].Name}). Keep looking for others.");
        }
        else
        {
            foreach (var p in inPlay.Where(p => Weight(p) / total > SinglePartnerLimit))
            {
                warnings.Add($"{p.Name} carries {Percent(Weight(p) / total)} of your partnerships in play (more than {Percent(SinglePartnerLimit)}).");
            }
        }

        foreach (var p in inPlay.Where(p => p.Sector == Sector.Market && Weight(p) / total > SingleMarketLimit))
        {
            warnings.Add($"{p.Name} is a commercial partner with {Percent(Weight(p) / total)} of your partnerships in play (more than {Percent(SingleMarketLimit)}): mind the risk of a monopoly and check it against the library's values.");
        }

        var marketShare = SectorShares(partners)[Sector.Market];
        if (marketShare > MarketSectorLimit)
        {
            warnings.Add($"Market partners hold {Percent(marketShare)} of your partnerships in play; balance them with civic and public partners.");
        }

        var clusters = Clusters(living);
        if (living.Count >= 3 && clusters.Count == 1)
        {
            warnings.Add($"Every partner is in one cluster ({clusters.Keys.First()}); clusters in other fields widen what you can do.");
        }

        return warnings;
    }

    public static PortfolioReport Analyse(IReadOnlyList<Partner> all, IReadOnlyList<NeedsAssessment> assessments)
    {
        // Archived partners are out of every count.
        var partners = Partners.Lifecycle.PartnerRules.InPlay(all);
        return Report(partners, assessments);
    }

    private static PortfolioReport Report(IReadOnlyList<Partner> partners, IReadOnlyList<NeedsAssessment> assessments) => new()
    {
        Pipeline = Enum.GetValues<PartnerStage>().ToDictionary(s => s, s => partners.Count(p => p.Stage == s)),
        UncoveredNeeds = NeedCoverage.Uncovered(assessments, partners).Select(x => x.Need).ToList(),
        SectorShares = SectorShares(partners),
        Clusters = Clusters(partners.Where(p => p.Stage != PartnerStage.Ended)),
        Warnings = ConcentrationWarnings(partners),
        InPlay = partners.Count(InPlay),
    };

    private static Dictionary<string, int> Clusters(IEnumerable<Partner> living) =>
        living.SelectMany(p => p.Clusters).GroupBy(c => c, StringComparer.CurrentCultureIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.CurrentCultureIgnoreCase);

    public static string Percent(double share) => $"{Math.Round(share * 100):0}%";
}
