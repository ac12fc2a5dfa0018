using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Tests.FollowThrough;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Rules;

/// <summary>The concentration warnings and the candidate order have one home; the portfolio card and the digest both use it.</summary>
public class ConcentrationAndRankingTests
{
    private static readonly Workspace Ws = new() { Key = new WorkspaceKey("t1", "default"), Name = "Riverside Library", CreatedAt = Seed.Now.AddYears(-1), CreatedByUserId = "m1" };

    private static Partner P(string name, PartnerStage stage, Sector sector = Sector.Civic, string[]? needs = null, string[]? clusters = null, double? screening = null, double? assessment = null, Recommendation? recommendation = null) =>
        Seed.Partner(name, stage, sector: sector, needs: needs ?? []) with
        {
            Name = name,
            Clusters = clusters ?? [],
            ScreeningScore = screening,
            ScreeningRaters = screening is null ? 0 : 2,
            AssessmentScore = assessment,
            Recommendation = recommendation,
        };

    private static WeeklyDigest Digest(IReadOnlyList<Partner> partners, IReadOnlyList<NeedsAssessment>? assessments = null) => DigestBuilder.Build(new DigestInput
    {
        Workspace = Ws,
        Partners = partners,
        NeedsAssessments = assessments ?? [],
        WeekStart = Seed.Now.AddDays(-7),
        Today = Seed.Today,
        Week = "2026-W48",
    });

    public static TheoryData<string, string[]> Pipelines => new()
    {
        // Name, then the start of every expected warning, in order.
        { "empty", [] },
        { "one partner in play", ["All your partnerships in play rest on one partner (Solo)"] },
        { "a dominant partner", ["Big carries 60%"] },
        { "a dominant commercial partner", ["Corp carries 50%", "Corp is a commercial partner with 50%", "Market partners hold 67%"] },
        { "balanced", [] },
        { "one cluster", ["Every partner is in one cluster (history)"] },
    };

    private static List<Partner> Pipeline(string name) => name switch
    {
        "empty" => [],
        "one partner in play" => [P("Solo", PartnerStage.Active), P("Candidate", PartnerStage.Screened)],
        "a dominant partner" => [P("Big", PartnerStage.Active, needs: ["n1", "n2", "n3"]), P("Small", PartnerStage.InTalks, sector: Sector.Public), P("Club", PartnerStage.Formalised)],
        "a dominant commercial partner" => [P("Corp", PartnerStage.Active, Sector.Market, ["n1", "n2", "n3"]), P("Shop", PartnerStage.Active, Sector.Market), P("Council", PartnerStage.UnderReview, Sector.Public, ["n4", "n5"])],
        "balanced" => [P("A", PartnerStage.Active), P("B", PartnerStage.Active, Sector.Public), P("C", PartnerStage.Active, Sector.Market), P("D", PartnerStage.InTalks), P("Gone", PartnerStage.Ended, Sector.Market, ["n1", "n2", "n3", "n4"])],
        "one cluster" => [P("A", PartnerStage.Active, clusters: ["history"]), P("B", PartnerStage.Active, Sector.Public, clusters: ["History"]), P("C", PartnerStage.Identified, clusters: ["history"]), P("D", PartnerStage.Active, Sector.Public, clusters: ["history"])],
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void ConcentrationWarnings_Table(string pipeline, string[] expected)
    {
        var warnings = PortfolioAnalysis.ConcentrationWarnings(Pipeline(pipeline));

        Assert.Equal(expected.Length, warnings.Count);
        Assert.All(expected.Zip(warnings), x => Assert.StartsWith(x.First, x.Second, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void PortfolioCardAndDigest_SamePipeline_SameWarningsInTheSameOrder(string pipeline, string[] expected)
    {
        var partners = Pipeline(pipeline);

        var report = PortfolioAnalysis.Analyse(partners, []);
        var digest = Digest(partners);

        Assert.Equal(expected.Length, report.Warnings.Count);
        Assert.Equal(report.Warnings, digest.ConcentrationWarnings);
    }

    [Fact]
    public void Digest_CivicOnlyPipeline_NoLongerWarnsAboutTheSector()
    {
        // The digest once warned when any sector held more than 60%; the portfolio rule (which won) only watches the market.
        var digest = Digest([P("A", PartnerStage.Active), P("B", PartnerStage.Active), P("C", PartnerStage.Active, Sector.Public, clusters: ["x"]), P("D", PartnerStage.Active, clusters: ["y"])]);

        Assert.Empty(digest.ConcentrationWarnings);
    }

    [Fact]
    public void Digest_SectorBalance_UsesThePortfolioShares()
    {
        var partners = Pipeline("a dominant commercial partner");

        var digest = Digest(partners);

        var market = digest.Sectors.Single(s => s.Name == "Market");
        Assert.Equal(2, market.Count);
        Assert.Equal(PortfolioAnalysis.SectorShares(partners)[Sector.Market], market.Fraction, 6);
        Assert.Equal(4.0 / 6, market.Fraction, 6);
    }

    [Fact]
    public void Digest_AwaitingDecision_FollowsTheRanking()
    {
        List<Partner> partners =
        [
            P("Screened high", PartnerStage.Screened, screening: 4.8),
            P("Assessed", PartnerStage.Assessed, screening: 2.0, assessment: 4.0, recommendation: Recommendation.Pursue),
            P("Dropped", PartnerStage.Assessed, screening: 5.0, assessment: 4.9, recommendation: Recommendation.Drop),
            P("Unrated", PartnerStage.Prioritised),
            P("Also unrated", PartnerStage.Screened),
            P("Active", PartnerStage.Active, screening: 5.0),
            P("New", PartnerStage.Identified, screening: 4.9),
        ];

        var digest = Digest(partners);

        string[] expected = ["Screened high", "Assessed", "Also unrated", "Unrated", "Dropped"];
        Assert.Equal(expected, digest.AwaitingDecision.Select(c => c.Name));
        Assert.Equal(expected, Ranking.Rank(partners).Select(r => r.Partner.Name).Where(expected.Contains));
        Assert.Equal(new double?[] { 4.8, 4.0, null, null, 4.9 }, digest.AwaitingDecision.Select(c => c.Score));
        var card = DigestCard.Build(digest, "").ToJson().ToJsonString();
        Assert.Contains("Assessed (assessed, 4.0/5)", card, StringComparison.Ordinal);
        Assert.Contains("Unrated (prioritised, not screened)", card, StringComparison.Ordinal);
    }
}
