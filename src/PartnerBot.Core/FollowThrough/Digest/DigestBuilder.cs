using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>What the digest is built from: one workspace's data, read once.</summary>
public sealed record DigestInput
{
    public required Workspace Workspace { get; init; }
    public required IReadOnlyList<Partner> Partners { get; init; }
    public IReadOnlyDictionary<string, PartnerHistory> Histories { get; init; } = new Dictionary<string, PartnerHistory>();
    public IReadOnlyList<NeedsAssessment> NeedsAssessments { get; init; } = [];
    public IReadOnlyList<Member> Members { get; init; } = [];
    public IReadOnlyList<string> UnreachableUserIds { get; init; } = [];
    public required DateTimeOffset WeekStart { get; init; }
    public required DateOnly Today { get; init; }
    public required string Week { get; init; }
}

public static class DigestBuilder
{
    /// <summary>How many items a list in the card shows; the CSV export has everything.</summary>
    public const int ListLimit = 10;

    /// <summary>A sector holding more than this share of the live portfolio draws a warning (seed 003: balance).</summary>
    public const double SectorWarningShare = 0.6;

    /// <summary>One partner covering more than this share of the covered needs carries too much.</summary>
    public const double PartnerWarningShare = 0.4;

    private static readonly PartnerStage[] Live = [PartnerStage.InTalks, PartnerStage.Formalised, PartnerStage.Active, PartnerStage.UnderReview];
    private static readonly PartnerStage[] Candidates = [PartnerStage.Screened, PartnerStage.Assessed, PartnerStage.Prioritised];

    public static WeeklyDigest Build(DigestInput input)
    {
        var partners = input.Partners;
        var names = input.Members.ToDictionary(m => m.UserId, m => m.Name, StringComparer.Ordinal);
        PartnerHistory History(string id) => input.Histories.TryGetValue(id, out var h) ? h : new PartnerHistory();

        var moved = partners.Where(p => p.UpdatedAt >= input.WeekStart && p.CreatedAt < input.WeekStart).ToList();
        var pipeline = Enum.GetValues<PartnerStage>()
            .Select(s => new StageCount(s, partners.Count(p => p.Stage == s), moved.Count(p => p.Stage == s)))
            .ToList();

        var awaiting = partners.Where(p => Candidates.Contains(p.Stage))
            .Select(p => Rank(p, History(p.Id).Screenings))
            .OrderByDescending(r => r.Score).ThenBy(r => r.Name, StringComparer.CurrentCulture)
            .Take(ListLimit).ToList();

        var overdue = partners.SelectMany(p => History(p.Id).NextSteps
                .Where(s => s.Status == FollowThrough.NextStepStatus.Open && s.DueDate < input.Today)
                .Select(s => (s.AssigneeUserId, Text: $"{p.Name}: {s.Description} (due {s.DueDate:d MMM})")))
            .GroupBy(x => x.AssigneeUserId)
            .Select(g => new OverdueByContact(g.Key, names.GetValueOrDefault(g.Key, "Someone who left the workspace"), g.Select(x => x.Text).Order(StringComparer.CurrentCulture).ToList()))
            .OrderByDescending(o => o.Items.Count).ThenBy(o => o.Name, StringComparer.CurrentCulture)
            .ToList();

        var alerts = partners.Where(p => p.Stage is PartnerStage.Active or PartnerStage.UnderReview)
            .Select(p => (p, a: HealthTrend.Assess(p.Id, History(p.Id).HealthChecks, HealthRules.Default)))
            .Where(x => x.a.NeedsReview)
            .Select(x => new HealthAlert(x.p.Id, x.p.Name, x.a.Advice!.Value, x.a.Explanation!))
            .ToList();

        var live = partners.Where(p => Live.Contains(p.Stage)).ToList();
        var sectors = Shares(live.Select(p => p.Sector.ToString()), live.Count);
        var clusters = Shares(live.SelectMany(p => p.Clusters), live.Count);
        var needs = input.NeedsAssessments.SelectMany(a => a.Needs.Select(n => (a, n))).ToList();
        var covering = partners.Where(p => p.Stage != PartnerStage.Ended).SelectMany(p => p.NeedIds).ToHashSet(StringComparer.Ordinal);
        var uncovered = needs.Where(x => !covering.Contains(x.n.Id))
            .Select(x => new UncoveredNeed(x.n.Id, x.n.Description, x.a.Goal)).ToList();

        return new WeeklyDigest
        {
            WorkspaceName = input.Workspace.Name,
            Week = input.Week,
            Pipeline = pipeline,
            MovedThisWeek = moved.Select(p => $"{p.Name} → {StageName(p.Stage)}").Order(StringComparer.CurrentCulture).ToList(),
            NewCandidates = partners.Where(p => p.CreatedAt >= input.WeekStart).Select(p => p.Name).Order(StringComparer.CurrentCulture).ToList(),
            AwaitingDecision = awaiting,
            Overdue = overdue,
            HealthAlerts = alerts,
            Sectors = sectors,
            Clusters = clusters,
            ConcentrationWarnings = Warnings(live, sectors),
            UncoveredNeeds = uncovered,
            Unreachable = input.UnreachableUserIds.Select(id => names.GetValueOrDefault(id, id)).Order(StringComparer.CurrentCulture).ToList(),
        };
    }

    public static string StageName(PartnerStage stage) => stage switch
    {
        PartnerStage.InTalks => "in talks",
        PartnerStage.UnderReview => "under review",
        _ => stage.ToString().ToLowerInvariant(),
    };

    private static RankedCandidate Rank(Partner p, IReadOnlyList<PartnerScreening> screenings)
    {
        var scores = screenings.Where(s => s.PartnerId == p.Id).SelectMany(s => s.Ratings.Values.Select(r => (double)r.Score)).ToList();
        return new RankedCandidate(p.Id, p.Name, p.Stage, scores.Count == 0 ? 0 : Math.Round(scores.Average(), 2), screenings.Count);
    }

    private static List<Share> Shares(IEnumerable<string> values, int total) =>
        values.GroupBy(v => v, StringComparer.CurrentCultureIgnoreCase)
            .Select(g => new Share(g.Key, g.Count(), total == 0 ? 0 : (double)g.Count() / total))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Name, StringComparer.CurrentCulture)
            .ToList();

    private static List<string> Warnings(IReadOnlyList<Partner> live, IReadOnlyList<Share> sectors)
    {
        var warnings = new List<string>();
        if (live.Count >= 3)
        {
            warnings.AddRange(sectors.Where(s => s.Fraction > SectorWarningShare)
                .Select(s => $"{s.Fraction:P0} of live partnerships are {s.Name.ToLowerInvariant()} partners: look for partners in the other sectors."));
        }

        var coveredNeeds = live.SelectMany(p => p.NeedIds).Distinct(StringComparer.Ordinal).Count();
        if (coveredNeeds >= 3)
        {
            foreach (var p in live.Where(p => (double)p.NeedIds.Count / coveredNeeds > PartnerWarningShare))
            {
                warnings.Add(p.Sector == Sector.Market
                    ? $"{p.Name}, a commercial partner, covers {p.NeedIds.Count} of {coveredNeeds} covered needs: check the library's values and the risk of a monopoly."
                    : $"{p.Name} covers {p.NeedIds.Count} of {coveredNeeds} covered needs: losing it would leave a gap.");
            }
        }

        return warnings;
    }
}
