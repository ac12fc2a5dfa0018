using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Tests.FollowThrough;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Rules;

/// <summary>Which needs have a candidate: one rule for the needs summary, the portfolio card, the digest and the ideas.</summary>
public class NeedCoverageTests
{
    private static Partner P(string id, PartnerStage stage, params string[] needs) => Seed.Partner(id, stage, needs: needs);

    private static Need Need(string id, NeedPriority priority) => new() { Id = id, Kind = NeedKind.Space, Description = "Need " + id, Priority = priority };

    [Theory]
    [InlineData(PartnerStage.Identified, null, true)]
    [InlineData(PartnerStage.Screened, null, true)]
    [InlineData(PartnerStage.Assessed, Recommendation.Hold, true)]
    // A candidate the library decided to drop is not a plan for the need: the need shows as uncovered again.
    [InlineData(PartnerStage.Assessed, Recommendation.Drop, false)]
    [InlineData(PartnerStage.Prioritised, Recommendation.Pursue, true)]
    [InlineData(PartnerStage.Active, null, true)]
    [InlineData(PartnerStage.UnderReview, null, true)]
    [InlineData(PartnerStage.Ended, null, false)]
    public void Covers_ByStage(PartnerStage stage, Recommendation? recommendation, bool covers)
    {
        var partner = P("p", stage, "n1") with { Recommendation = recommendation };

        Assert.Equal(covers, NeedCoverage.Covers(partner));
        Assert.Equal(covers, NeedCoverage.CoveredNeedIds([partner]).Contains("n1"));
    }

    [Fact]
    public void Uncovered_MostImportantFirst_AcrossAssessments_AndEveryUserAgrees()
    {
        var assessments = new List<NeedsAssessment>
        {
            new() { Id = "a1", Goal = "Maker space", Needs = [Need("n1", NeedPriority.Low), Need("n2", NeedPriority.High)], CreatedByUserId = "m1", UpdatedAt = Seed.Now },
            new() { Id = "a2", Goal = "Homework club", Needs = [Need("n3", NeedPriority.Medium), Need("n4", NeedPriority.High), Need("n5", NeedPriority.Low)], CreatedByUserId = "m1", UpdatedAt = Seed.Now },
        };
        List<Partner> partners = [P("a", PartnerStage.Active, "n4"), P("b", PartnerStage.Ended, "n2", "n5"), P("c", PartnerStage.Screened, "n5")];

        var uncovered = NeedCoverage.Uncovered(assessments, partners);

        Assert.Equal(["n2", "n3", "n1"], uncovered.Select(x => x.Need.Id));
        Assert.Equal(["Maker space", "Homework club", "Maker space"], uncovered.Select(x => x.Assessment.Goal));
        Assert.Equal(["n2", "n3", "n1"], PortfolioAnalysis.Analyse(partners, assessments).UncoveredNeeds.Select(n => n.Id));
        var digest = DigestBuilder.Build(new DigestInput
        {
            Workspace = new Workspace { Key = new WorkspaceKey("t1", "default"), Name = "Riverside", CreatedAt = Seed.Now, CreatedByUserId = "m1" },
            Partners = partners,
            NeedsAssessments = assessments,
            WeekStart = Seed.Now.AddDays(-7),
            Today = Seed.Today,
            Week = "2026-W48",
        });
        Assert.Equal(["n2", "n3", "n1"], digest.UncoveredNeeds.Select(n => n.NeedId));
        Assert.Equal(["Maker space", "Homework club", "Maker space"], digest.UncoveredNeeds.Select(n => n.Goal));
    }
}
