using PartnerBot.Core.Assessment;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Screening;

/// <summary>One line of the prioritised list.</summary>
public sealed record RankedPartner(int Rank, Partner Partner, double? Score);

/// <summary>
/// The prioritised list: partners that are neither ended nor archived, by their detailed-assessment score when they have one,
/// else their screening score. A Drop recommendation sinks to the bottom; unscored partners come last.
/// </summary>
public static class Ranking
{
    public static double? PriorityScore(Partner partner) => partner.AssessmentScore ?? partner.ScreeningScore;

    public static IReadOnlyList<RankedPartner> Rank(IEnumerable<Partner> partners) =>
        partners
            .Where(p => p.Stage != PartnerStage.Ended && !p.IsArchived)
            .OrderBy(p => p.Recommendation == Recommendation.Drop ? 1 : 0)
            .ThenBy(p => PriorityScore(p) is null ? 1 : 0)
            .ThenByDescending(p => PriorityScore(p) ?? 0)
            .ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select((p, i) => new RankedPartner(i + 1, p, PriorityScore(p)))
            .ToList();
}
