using System.Globalization;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Introductions;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Ecosystem;

/// <summary>The parts of the ecosystem health index, in the order the card and the document list them.</summary>
public enum EcosystemPartKind
{
    Breadth,
    Balance,
    Coverage,
    Health,
    HealthTrend,
    FollowThrough,
    Renewal,
    Introductions,
    Concentration,
}

/// <summary>One workspace's data, as the index reads it.</summary>
public sealed record EcosystemInput
{
    /// <summary>Every partner, archived or not: archived ones are left out here, whoever built the input.</summary>
    public required IReadOnlyList<Partner> Partners { get; init; }
    public IReadOnlyDictionary<string, PartnerHistory> Histories { get; init; } = new Dictionary<string, PartnerHistory>();
    public IReadOnlyList<NeedsAssessment> NeedsAssessments { get; init; } = [];
    public IReadOnlyList<Introduction> Introductions { get; init; } = [];
    /// <summary>The library's day the index is computed for.</summary>
    public required DateOnly Today { get; init; }
}

/// <summary>
/// One part of the index: a score from 0 to 1, its weight (the weights add up to 100), and a line a manager can read.
/// </summary>
public sealed record EcosystemPart(EcosystemPartKind Kind, double Score, int Weight, string Explanation)
{
    /// <summary>What the part adds to the index: score × weight, 0 to <see cref="Weight"/>.</summary>
    public double Points => Score * Weight;

    public string Name => EcosystemIndex.Name(Kind);
}

/// <summary>The index and its parts; <see cref="Index"/> is null when there is not enough data to speak of an ecosystem.</summary>
public sealed record EcosystemReading
{
    public int? Index { get; init; }
    public required IReadOnlyList<EcosystemPart> Parts { get; init; }
    /// <summary>Why there is no index, when there is none.</summary>
    public string? NotEnoughData { get; init; }

    public EcosystemPart Part(EcosystemPartKind kind) => Parts.First(p => p.Kind == kind);
}

/// <summary>
/// The ecosystem health index (seed 004: partnerships as the "indicator species" of a healthy library): one figure from
/// 0 to 100, the weighted sum of nine parts, each from 0 to 1, rounded. docs/ecosystem-index.md explains every part,
/// weight and edge case; a change here changes that page.
/// </summary>
public static class EcosystemIndex
{
    /// <summary>Partnerships in play at which breadth is full.</summary>
    public const int BreadthTarget = 10;

    /// <summary>Distinct clusters among the partnerships in play at which their spread is full.</summary>
    public const int ClusterTarget = 4;

    /// <summary>New candidates in the last quarter at which renewal is full ("never stop looking").</summary>
    public const int RenewalTarget = 3;

    /// <summary>The quarter renewal looks back over.</summary>
    public const int RenewalDays = 91;

    /// <summary>Introductions in the last half year at which that part is full.</summary>
    public const int IntroductionTarget = 2;

    /// <summary>The half year introductions are counted over.</summary>
    public const int IntroductionDays = 182;

    /// <summary>Each part's weight; they add up to 100.</summary>
    public static IReadOnlyDictionary<EcosystemPartKind, int> Weights { get; } = new Dictionary<EcosystemPartKind, int>
    {
        [EcosystemPartKind.Breadth] = 15,
        [EcosystemPartKind.Balance] = 10,
        [EcosystemPartKind.Coverage] = 15,
        [EcosystemPartKind.Health] = 20,
        [EcosystemPartKind.HealthTrend] = 5,
        [EcosystemPartKind.FollowThrough] = 10,
        [EcosystemPartKind.Renewal] = 10,
        [EcosystemPartKind.Introductions] = 5,
        [EcosystemPartKind.Concentration] = 10,
    };

    public const string EmptyExplanation = "Not enough data yet: the index starts with the first partner. Type 'add partner' to add one.";

    public static string Name(EcosystemPartKind kind) => kind switch
    {
        EcosystemPartKind.Breadth => "Breadth",
        EcosystemPartKind.Balance => "Balance",
        EcosystemPartKind.Coverage => "Needs covered",
        EcosystemPartKind.Health => "Health",
        EcosystemPartKind.HealthTrend => "Health trend",
        EcosystemPartKind.FollowThrough => "Follow-through",
        EcosystemPartKind.Renewal => "Renewal",
        EcosystemPartKind.Introductions => "Introductions",
        EcosystemPartKind.Concentration => "Concentration risk",
        _ => kind.ToString(),
    };

    public static EcosystemReading Compute(EcosystemInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Archived partners are out of every part, whoever built the input.
        var partners = PartnerRules.InPlay(input.Partners);
        PartnerHistory History(string id) => input.Histories.TryGetValue(id, out var h) ? h : new PartnerHistory();
        var inPlay = partners.Where(PortfolioAnalysis.InPlay).ToList();
        var parts = new List<EcosystemPart>
        {
            Breadth(inPlay),
            Balance(partners, inPlay),
            Coverage(partners, input.NeedsAssessments),
        };
        var series = inPlay.Select(p => (Partner: p, Checks: HealthSeries(History(p.Id)))).Where(x => x.Checks.Any).ToList();
        parts.Add(Health(series));
        parts.Add(Trend(series));
        parts.Add(FollowThroughPart(partners, History, input.Today));
        parts.Add(Renewal(partners, input.Today));
        parts.Add(IntroductionsPart(input.Introductions, input.Partners, input.Today));
        parts.Add(Concentration(partners, inPlay));
        if (partners.Count == 0)
        {
            return new EcosystemReading { Index = null, Parts = parts, NotEnoughData = EmptyExplanation };
        }

        return new EcosystemReading { Index = (int)Math.Round(parts.Sum(p => p.Points), MidpointRounding.AwayFromZero), Parts = parts };
    }

    private static EcosystemPart Part(EcosystemPartKind kind, double score, string explanation) =>
        new(kind, Math.Clamp(score, 0, 1), Weights[kind], explanation);

    private static EcosystemPart Breadth(IReadOnlyList<Partner> inPlay) => Part(EcosystemPartKind.Breadth, (double)inPlay.Count / BreadthTarget,
        inPlay.Count switch
        {
            0 => "No partnership is in play yet (in talks, formalised, active or under review).",
            1 => $"1 partnership in play, of the {BreadthTarget} that give full marks.",
            _ => $"{inPlay.Count} partnerships in play, of the {BreadthTarget} that give full marks.",
        });

    private static EcosystemPart Balance(IReadOnlyList<Partner> partners, IReadOnlyList<Partner> inPlay)
    {
        if (inPlay.Count == 0)
        {
            return Part(EcosystemPartKind.Balance, 0, "Nothing in play to balance yet.");
        }

        // The portfolio's own shares (weighted by the needs each partner covers), so the card and the index agree.
        var shares = PortfolioAnalysis.SectorShares(partners);
        var entropy = -shares.Values.Where(s => s > 0).Sum(s => s * Math.Log(s));
        var evenness = entropy / Math.Log(shares.Count);
        var clusters = inPlay.SelectMany(p => p.Clusters).Distinct(StringComparer.CurrentCultureIgnoreCase).Count();
        var spread = Math.Min(1, (double)clusters / ClusterTarget);
        var sectors = string.Join(", ", shares.Select(s => $"{PartnerCatalog.Label(s.Key).ToLowerInvariant()} {PortfolioAnalysis.Percent(s.Value)}"));
        return Part(EcosystemPartKind.Balance, (evenness + spread) / 2,
            $"Sectors {sectors}; {clusters} cluster{(clusters == 1 ? "" : "s")} among the partnerships in play.");
    }

    private static EcosystemPart Coverage(IReadOnlyList<Partner> partners, IReadOnlyList<NeedsAssessment> assessments)
    {
        var needs = assessments.SelectMany(a => a.Needs).ToList();
        if (needs.Count == 0)
        {
            return Part(EcosystemPartKind.Coverage, 0, "No needs recorded yet: type 'needs' to say why the library wants partners.");
        }

        var uncovered = NeedCoverage.Uncovered(assessments, partners).Count;
        var covered = needs.Count - uncovered;
        return Part(EcosystemPartKind.Coverage, (double)covered / needs.Count, $"{covered} of {needs.Count} needs have a candidate.");
    }

    /// <summary>
    /// One partnership's checks, each side on its own, oldest first: the library's health checks and the partner's own
    /// answers (averages from 1 to 5). The sides are never mixed in one series: a partner rating lower than the library
    /// is a gap between two views, not a fall in health.
    /// </summary>
    private sealed record HealthSides(List<double> Library, List<double> Partner)
    {
        public bool Any => Library.Count > 0 || Partner.Count > 0;

        /// <summary>The latest view of each side that has one, averaged: both sides count alike once both exist.</summary>
        public double Latest => new[] { Library, Partner }.Where(s => s.Count > 0).Average(s => s[^1]);

        /// <summary>The change between each side's last two checks, averaged over the sides that have two; null when neither has.</summary>
        public double? Change => new[] { Library, Partner }.Where(s => s.Count >= 2).Select(s => s[^1] - s[^2]).DefaultIfEmpty(double.NaN).Average() is var d && !double.IsNaN(d) ? d : null;
    }

    private static HealthSides HealthSeries(PartnerHistory history) => new(
        [.. history.HealthChecks.Where(c => c.Scores.Count > 0).OrderBy(c => c.SubmittedAt).Select(c => c.Scores.Values.Average())],
        [.. history.PartnerRounds.Where(r => r.Response is { Scores.Count: > 0 }).OrderBy(r => r.Response!.SubmittedAt).Select(r => r.Response!.Scores.Values.Average())]);

    private static EcosystemPart Health(List<(Partner Partner, HealthSides Checks)> series)
    {
        if (series.Count == 0)
        {
            return Part(EcosystemPartKind.Health, 0, "No health check yet on a partnership in play: type 'health' and a partner's name.");
        }

        // Each partnership counts once: its latest library check and the partner's latest answer, averaged.
        var average = series.Average(x => x.Checks.Latest);
        return Part(EcosystemPartKind.Health, (average - 1) / 4,
            $"Latest health checks average {F1(average)} out of 5 over {Count(series.Count, "partnership")}.");
    }

    private static EcosystemPart Trend(List<(Partner Partner, HealthSides Checks)> series)
    {
        var moving = series.Select(x => x.Checks.Change).OfType<double>().ToList();
        if (moving.Count == 0)
        {
            return Part(EcosystemPartKind.HealthTrend, 0.5, "Not enough checks to see a trend yet (a partnership needs two from the same side); counted as steady.");
        }

        var delta = moving.Average();
        var direction = delta switch
        {
            > 0.05 => $"up {F1(delta)}",
            < -0.05 => $"down {F1(-delta)}",
            _ => "steady",
        };
        return Part(EcosystemPartKind.HealthTrend, 0.5 + (delta / 2),
            $"Since the check before, health is {direction} on average over {Count(moving.Count, "partnership")}.");
    }

    private static EcosystemPart FollowThroughPart(IReadOnlyList<Partner> partners, Func<string, PartnerHistory> history, DateOnly today)
    {
        var open = partners.SelectMany(p => history(p.Id).NextSteps).Where(s => s.Status == NextStepStatus.Open).ToList();
        if (open.Count == 0)
        {
            return Part(EcosystemPartKind.FollowThrough, 1, "No open next steps, so none is overdue.");
        }

        var overdue = open.Count(s => s.DueDate < today);
        return Part(EcosystemPartKind.FollowThrough, 1 - ((double)overdue / open.Count), $"{overdue} of {open.Count} open next steps are overdue.");
    }

    private static EcosystemPart Renewal(IReadOnlyList<Partner> partners, DateOnly today)
    {
        var since = today.AddDays(-RenewalDays);
        var fresh = partners.Count(p => DateOnly.FromDateTime(p.CreatedAt.UtcDateTime) > since);
        return Part(EcosystemPartKind.Renewal, (double)fresh / RenewalTarget,
            $"{Count(fresh, "new candidate")} in the last quarter ({RenewalTarget} give full marks): never stop looking.");
    }

    private static EcosystemPart IntroductionsPart(IReadOnlyList<Introduction> introductions, IReadOnlyList<Partner> all, DateOnly today)
    {
        var archived = all.Where(p => p.IsArchived).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var since = today.AddDays(-IntroductionDays);
        var made = introductions.Count(i => i.IntroducedOn > since && i.IntroducedOn <= today
            && !archived.Contains(i.FirstPartnerId) && !archived.Contains(i.SecondPartnerId));
        return Part(EcosystemPartKind.Introductions, (double)made / IntroductionTarget,
            $"{Count(made, "introduction")} between community actors in the last six months ({IntroductionTarget} give full marks).");
    }

    private static EcosystemPart Concentration(IReadOnlyList<Partner> partners, IReadOnlyList<Partner> inPlay)
    {
        if (inPlay.Count == 0)
        {
            return Part(EcosystemPartKind.Concentration, 0, "Nothing in play, so everything rests on partners still to be found.");
        }

        var total = inPlay.Sum(PortfolioAnalysis.Weight);
        var largest = inPlay.Max(PortfolioAnalysis.Weight) / total;
        var market = PortfolioAnalysis.SectorShares(partners)[Sector.Market];
        // Full marks up to the portfolio's own warning limits, falling to nothing when one partner (or the market) holds it all.
        var byPartner = Math.Clamp((1 - largest) / (1 - PortfolioAnalysis.SinglePartnerLimit), 0, 1);
        var byMarket = Math.Clamp((1 - market) / (1 - PortfolioAnalysis.MarketSectorLimit), 0, 1);
        var warning = PortfolioAnalysis.ConcentrationWarnings(partners).FirstOrDefault();
        return Part(EcosystemPartKind.Concentration, Math.Min(byPartner, byMarket),
            warning ?? $"No partner carries more than {PortfolioAnalysis.Percent(PortfolioAnalysis.SinglePartnerLimit)} of the partnerships in play, nor the market sector more than {PortfolioAnalysis.Percent(PortfolioAnalysis.MarketSectorLimit)}.");
    }

    private static string F1(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {noun}s";
}
