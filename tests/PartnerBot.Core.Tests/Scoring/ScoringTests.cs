using PartnerBot.Core.Assessment;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;

namespace PartnerBot.Core.Tests.Scoring;

public class ScoringTests
{
    private static PartnerScreening Screening(string rater, params int[] scores) => new()
    {
        PartnerId = "p1",
        RaterUserId = rater,
        RaterName = rater,
        Ratings = Enum.GetValues<ScreeningQuestion>().Zip(scores).ToDictionary(x => x.First, x => new Rating(x.Second)),
        SubmittedAt = DateTimeOffset.UnixEpoch,
    };

    private static Partner P(string name, double? screening = null, double? assessment = null, Recommendation? recommendation = null, PartnerStage stage = PartnerStage.Identified, Sector sector = Sector.Civic, params string[] needs) => new()
    {
        Id = name,
        Name = name,
        Type = PartnerType.Nonprofit,
        Sector = sector,
        Stage = stage,
        ScreeningScore = screening,
        AssessmentScore = assessment,
        Recommendation = recommendation,
        NeedIds = needs,
        CreatedByUserId = "u",
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Summarise_TwoRaters_AveragesAndFlagsSpreadOfTwo()
    {
        var summary = ScreeningScoring.Summarise([Screening("a", 5, 4, 3, 2, 1), Screening("b", 3, 4, 4, 2, 1)]);

        Assert.Equal(2, summary.Raters);
        Assert.Equal(2.9, summary.Score);
        var expertise = summary.Questions.Single(q => q.Question == ScreeningQuestion.Expertise);
        Assert.Equal(4, expertise.Average);
        Assert.True(expertise.Disagreement);
        Assert.False(summary.Questions.Single(q => q.Question == ScreeningQuestion.ContributionToGoals).Disagreement);
        Assert.Single(summary.Questions, q => q.Disagreement);
    }

    [Fact]
    public void Summarise_NoScreenings_HasNoScore() =>
        Assert.Null(ScreeningScoring.Summarise([]).Score);

    [Fact]
    public void Rank_AssessmentBeatsScreening_DropSinks_EndedLeaves()
    {
        var ranking = Ranking.Rank(
        [
            P("screened high", screening: 4.8),
            P("assessed", assessment: 4.0, recommendation: Recommendation.Pursue),
            P("dropped", assessment: 4.9, recommendation: Recommendation.Drop),
            P("unrated"),
            P("ended", screening: 5, stage: PartnerStage.Ended),
        ]);

        Assert.Equal(["screened high", "assessed", "unrated", "dropped"], ranking.Select(r => r.Partner.Name));
        Assert.Equal([1, 2, 3, 4], ranking.Select(r => r.Rank));
    }

    [Fact]
    public void Assessment_WeightedCriteria_AndSuggestion()
    {
        IReadOnlyList<Criterion> criteria = [new() { Id = "a", Name = "A", Weight = 3 }, new() { Id = "b", Name = "B", Weight = 1 }, new() { Id = "c", Name = "C", Weight = 0 }];
        var scores = new Dictionary<string, int> { ["a"] = 5, ["b"] = 1, ["c"] = 1 };

        Assert.Equal(4.0, AssessmentScoring.WeightedCriteria(criteria, scores));
        var ratings = new Dictionary<AssessmentQuestion, Rating> { [AssessmentQuestion.Competencies] = new(2) };
        Assert.Equal(3.0, AssessmentScoring.Score(criteria, scores, ratings));
        Assert.Equal(Recommendation.Pursue, AssessmentScoring.Suggest(3.5, affordable: true));
        Assert.Equal(Recommendation.Hold, AssessmentScoring.Suggest(4.5, affordable: false));
        Assert.Equal(Recommendation.Hold, AssessmentScoring.Suggest(2.5, affordable: true));
        Assert.Equal(Recommendation.Drop, AssessmentScoring.Suggest(2.49, affordable: true));
    }

    [Fact]
    public void Portfolio_WarnsOnDominantPartner_AndDominantMarketPartner()
    {
        var report = PortfolioAnalysis.Analyse(
        [
            P("Big Corp", stage: PartnerStage.Active, sector: Sector.Market, needs: ["n1", "n2", "n3"]),
            P("Small Club", stage: PartnerStage.Active, needs: ["n4"]),
            P("Town Hall", stage: PartnerStage.InTalks, sector: Sector.Public),
            P("Candidate"),
        ],
        [new NeedsAssessment { Id = "a", Goal = "g", CreatedByUserId = "u", UpdatedAt = DateTimeOffset.UnixEpoch, Needs = [new Need { Id = "n5", Kind = NeedKind.Space, Description = "room" }] }]);

        Assert.Equal(3, report.InPlay);
        Assert.Contains(report.Warnings, w => w.StartsWith("Big Corp carries 60%", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.StartsWith("Big Corp is a commercial partner", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.StartsWith("Market partners hold 60%", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Warnings, w => w.StartsWith("Small Club", StringComparison.Ordinal));
        Assert.Equal("n5", Assert.Single(report.UncoveredNeeds).Id);
        Assert.Equal(1, report.Pipeline[PartnerStage.Identified]);
    }

    [Fact]
    public void Portfolio_BalancedPartners_NoConcentrationWarning()
    {
        var report = PortfolioAnalysis.Analyse(
            [P("A", stage: PartnerStage.Active), P("B", stage: PartnerStage.Active, sector: Sector.Public), P("C", stage: PartnerStage.Active, sector: Sector.Market), P("D", stage: PartnerStage.Active)],
            []);

        Assert.Empty(report.Warnings);
    }
}
