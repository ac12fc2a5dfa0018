using PartnerBot.Core.Assessment;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Portfolio;

/// <summary>
/// Which needs of the needs assessments have a candidate: the one rule behind the needs summary, the portfolio card,
/// the weekly digest and the partner ideas. A partner covers the needs it names until its partnership has ended, the
/// library's assessment recommends dropping it, or it is archived.
/// </summary>
public static class NeedCoverage
{
    /// <summary>True when <paramref name="partner"/> still counts for the needs it names.</summary>
    public static bool Covers(Partner partner) => !partner.IsArchived && partner.Stage != PartnerStage.Ended && partner.Recommendation != Recommendation.Drop;

    /// <summary>The ids of every need some partner of <paramref name="partners"/> covers.</summary>
    public static IReadOnlySet<string> CoveredNeedIds(IEnumerable<Partner> partners) =>
        partners.Where(Covers).SelectMany(p => p.NeedIds).ToHashSet(StringComparer.Ordinal);

    /// <summary>The needs no partner covers, most important first, each with the assessment it belongs to.</summary>
    public static IReadOnlyList<(NeedsAssessment Assessment, Need Need)> Uncovered(IEnumerable<NeedsAssessment> assessments, IEnumerable<Partner> partners)
    {
        var covered = CoveredNeedIds(partners);
        return assessments.SelectMany(a => a.Needs.Select(n => (Assessment: a, Need: n)))
            .Where(x => !covered.Contains(x.Need.Id))
            .OrderByDescending(x => x.Need.Priority)
            .ToList();
    }
}
