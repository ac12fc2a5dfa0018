using PartnerBot.Core.Cards;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
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
    /// <summary>The workspace's introductions between community actors (the pipeline read carries them).</summary>
    public IReadOnlyList<Introductions.Introduction> Introductions { get; init; } = [];
    public required DateTimeOffset WeekStart { get; init; }
    public required DateOnly Today { get; init; }
    public required string Week { get; init; }
    /// <summary>The instant the digest is made, for the partner-side links still open; without it, the start of the day after <see cref="Today"/> (UTC).</summary>
    public DateTimeOffset? Now { get; init; }
    /// <summary>The index's snapshots of earlier weeks, oldest first, for its change and chart.</summary>
    public IReadOnlyList<Ecosystem.EcosystemSnapshot> EcosystemHistory { get; init; } = [];
}

public static class DigestBuilder
{
    /// <summary>How many items a list in the card shows; the CSV export has everything.</summary>
    public const int ListLimit = 10;

    /// <summary>The stages of a candidate waiting for a go or no-go decision.</summary>
    private static readonly PartnerStage[] Candidates = [PartnerStage.Screened, PartnerStage.Assessed, PartnerStage.Prioritised];

    public static WeeklyDigest Build(DigestInput input)
    {
        // Archived partners are out of every count and list, whoever built the input.
        var partners = PartnerRules.InPlay(input.Partners);
        var names = input.Members.ToDictionary(m => m.UserId, m => m.Name, StringComparer.Ordinal);
        PartnerHistory History(string id) => input.Histories.TryGetValue(id, out var h) ? h : new PartnerHistory();

        var moved = partners.Where(p => p.UpdatedAt >= input.WeekStart && p.CreatedAt < input.WeekStart).ToList();
        var pipeline = Enum.GetValues<PartnerStage>()
            .Select(s => new StageCount(s, partners.Count(p => p.Stage == s), moved.Count(p => p.Stage == s)))
            .ToList();

        // The prioritised list's own order, so the digest and the 'ranking' card never disagree on who comes first.
        var awaiting = Ranking.Rank(partners).Where(r => Candidates.Contains(r.Partner.Stage))
            .Select(r => new RankedCandidate(r.Partner.Id, r.Partner.Name, r.Partner.Stage, r.Score, r.Partner.ScreeningRaters))
            .Take(ListLimit).ToList();

        var overdue = partners.SelectMany(p => History(p.Id).NextSteps
                .Where(s => s.Status == FollowThrough.NextStepStatus.Open && s.DueDate < input.Today)
                .Select(s => (s.AssigneeUserId, Text: $"{p.Name}: {s.Description} (due {Dates.ShortDay(s.DueDate)})")))
            .GroupBy(x => x.AssigneeUserId)
            .Select(g => new OverdueByContact(g.Key, names.GetValueOrDefault(g.Key, "Someone who left the workspace"), g.Select(x => x.Text).Order(StringComparer.CurrentCulture).ToList()))
            .OrderByDescending(o => o.Items.Count).ThenBy(o => o.Name, StringComparer.CurrentCulture)
            .ToList();

        var alerts = partners.Where(p => p.Stage is PartnerStage.Active or PartnerStage.UnderReview)
            .Select(p => (p, a: HealthTrend.Assess(p.Id, History(p.Id), HealthRules.Default)))
            .Where(x => x.a.NeedsReview)
            .Select(x => new HealthAlert(x.p.Id, x.p.Name, x.a.Advice!.Value, x.a.Explanation!))
            .ToList();

        var live = partners.Where(PortfolioAnalysis.InPlay).ToList();
        var weights = PortfolioAnalysis.SectorShares(partners);
        var sectors = live.GroupBy(p => p.Sector)
            .Select(g => new Share(PartnerCatalog.Label(g.Key), g.Count(), weights[g.Key]))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Name, StringComparer.CurrentCulture)
            .ToList();
        var clusters = Shares(live.SelectMany(p => p.Clusters), live.Count);
        var uncovered = NeedCoverage.Uncovered(input.NeedsAssessments, partners)
            .Select(x => new UncoveredNeed(x.Need.Id, x.Need.Description, x.Assessment.Goal)).ToList();

        return new WeeklyDigest
        {
            WorkspaceName = input.Workspace.LibraryName ?? "your library",
            Week = input.Week,
            FirstDay = Dates.Monday(input.Today),
            Pipeline = pipeline,
            MovedThisWeek = moved.Select(p => $"{p.Name} → {p.Stage.InSentence()}").Order(StringComparer.CurrentCulture).ToList(),
            NewCandidates = partners.Where(p => p.CreatedAt >= input.WeekStart).Select(p => p.Name).Order(StringComparer.CurrentCulture).ToList(),
            AwaitingDecision = awaiting,
            Overdue = overdue,
            HealthAlerts = alerts,
            Sectors = sectors,
            Clusters = clusters,
            ConcentrationWarnings = PortfolioAnalysis.ConcentrationWarnings(partners),
            UncoveredNeeds = uncovered,
            Unreachable = input.UnreachableUserIds.Select(id => names.GetValueOrDefault(id, id)).Order(StringComparer.CurrentCulture).ToList(),
            PartnerSide = PartnerSide(partners, History, input.Now ?? new DateTimeOffset(input.Today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
            Introductions = IntroductionsOfMonth(input.Introductions, partners, input.Today),
            Ecosystem = Ecosystem.EcosystemSummary.Build(
                Ecosystem.EcosystemIndex.Compute(new Ecosystem.EcosystemInput
                {
                    Partners = input.Partners,
                    Histories = input.Histories,
                    NeedsAssessments = input.NeedsAssessments,
                    Introductions = input.Introductions,
                    Today = input.Today,
                }),
                input.Week,
                Dates.Monday(input.Today),
                input.EcosystemHistory),
        };
    }

    /// <summary>
    /// The partnerships whose two sides disagree (a gap of <see cref="PartnerRounds.GapAtLeast"/> or more, as
    /// <see cref="PartnerViews"/> compares them) and the partners who left their latest link unanswered
    /// (<see cref="PartnerViews.Unanswered"/>), among agreed partnerships that have not ended.
    /// </summary>
    private static PartnerSideDigest PartnerSide(IReadOnlyList<Partner> partners, Func<string, PartnerHistory> history, DateTimeOffset now)
    {
        var agreed = partners.Where(p => p.Stage is PartnerStage.Formalised or PartnerStage.Active or PartnerStage.UnderReview)
            .OrderBy(p => p.Name, StringComparer.CurrentCulture).ToList();
        var disagreements = agreed
            .Select(p => (p, side: PartnerViews.Latest(history(p.Id).HealthChecks, history(p.Id).PartnerRounds)))
            .Where(x => x.side is { Gaps.Count: > 0 })
            .Select(x => new PartnerDisagreement(x.p.Id, x.p.Name, [.. x.side!.Gaps.Select(g => g.Disagreement("the library rates", "the partner rates"))]))
            .ToList();
        var silent = agreed
            .Select(p => (p, round: PartnerViews.Unanswered(history(p.Id).PartnerRounds, now)))
            .Where(x => x.round is not null)
            .Select(x => new PartnerSilence(x.p.Id, x.p.Name, x.round!.CreatedAt, x.round.ExpiresAt, x.round.IsOpenAt(now)))
            .ToList();
        return new PartnerSideDigest(disagreements, silent);
    }

    /// <summary>Introductions dated in the month of <paramref name="today"/> between partners still in play (an archived one's are out, as everywhere).</summary>
    private static IntroductionsThisMonth IntroductionsOfMonth(IReadOnlyList<Introductions.Introduction> introductions, IReadOnlyList<Partner> partners, DateOnly today)
    {
        var ids = partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var month = introductions.Where(i => i.IntroducedOn.Year == today.Year && i.IntroducedOn.Month == today.Month && i.IntroducedOn <= today
            && ids.Contains(i.FirstPartnerId) && ids.Contains(i.SecondPartnerId)).ToList();
        return new(month.Count, month.Count(i => i.Outcome == Introductions.IntroductionOutcome.JointProject));
    }

    private static List<Share> Shares(IEnumerable<string> values, int total) =>
        values.GroupBy(v => v, StringComparer.CurrentCultureIgnoreCase)
            .Select(g => new Share(g.Key, g.Count(), total == 0 ? 0 : (double)g.Count() / total))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Name, StringComparer.CurrentCulture)
            .ToList();
}
