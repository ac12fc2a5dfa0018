using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.FollowThrough;

public class DigestBuilderTests
{
    private static readonly Workspace Ws = new() { Key = new WorkspaceKey("t1", "default"), Name = "Riverside Library", CreatedAt = Seed.Now.AddYears(-1), CreatedByUserId = "m1" };
    private static readonly DateTimeOffset WeekStart = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_EmptyWorkspace_SaysSoAndSuggestsAStart()
    {
        var digest = DigestBuilder.Build(new DigestInput { Workspace = Ws, Partners = [], WeekStart = WeekStart, Today = Seed.Today, Week = "2026-W48" });

        Assert.True(digest.IsEmpty);
        Assert.Contains("pipeline is empty", RuleBasedDigestNarrator.Narrate(DigestNarrative.ToFacts(digest)), StringComparison.Ordinal);
        Assert.Empty(digest.AwaitingDecision);
    }

    [Fact]
    public void Build_SeededWorkspace_ReportsEverySection()
    {
        var partners = new List<Partner>
        {
            Seed.Partner("a", PartnerStage.Active, sector: Sector.Market, needs: ["n1", "n2", "n3"]),
            Seed.Partner("b", PartnerStage.Active, sector: Sector.Market, needs: ["n1"]),
            Seed.Partner("c", PartnerStage.Active, sector: Sector.Market),
            Seed.Partner("d", PartnerStage.Screened) with { Name = "Science Museum", ScreeningScore = 4, ScreeningRaters = 1 },
            Seed.Partner("e", PartnerStage.Screened) with { Name = "Art School", ScreeningScore = 2, ScreeningRaters = 1 },
            Seed.Partner("f", PartnerStage.Identified) with { CreatedAt = WeekStart.AddDays(1) },
            Seed.Partner("g", PartnerStage.InTalks, updated: WeekStart.AddHours(3)),
        };
        var histories = new Dictionary<string, PartnerHistory>
        {
            ["a"] = new() { HealthChecks = [Seed.Check("a", 100, 2, 2, 2, 2, 2), Seed.Check("a", 5, 2, 2, 2, 2, 2)], NextSteps = [Seed.Step("s1", "a", Seed.Today.AddDays(-3))] },
            ["d"] = new() { Screenings = [Screening("d", 4)] },
            ["e"] = new() { Screenings = [Screening("e", 2)] },
        };
        var needs = new NeedsAssessment
        {
            Id = "na1",
            Goal = "Maker space",
            Needs = [Need("n1"), Need("n2"), Need("n3"), Need("n4")],
            CreatedByUserId = "m1",
            UpdatedAt = Seed.Now,
        };
        var members = new List<Member> { new() { Workspace = Ws.Key, UserId = "u1", Name = "Ana", JoinedAt = Seed.Now }, new() { Workspace = Ws.Key, UserId = "u9", Name = "Ben", JoinedAt = Seed.Now } };

        var digest = DigestBuilder.Build(new DigestInput
        {
            Workspace = Ws,
            Partners = partners,
            Histories = histories,
            NeedsAssessments = [needs],
            Members = members,
            UnreachableUserIds = ["u9"],
            WeekStart = WeekStart,
            Today = Seed.Today,
            Week = "2026-W48",
        });

        Assert.Equal(3, digest.Pipeline.Single(p => p.Stage == PartnerStage.Active).Count);
        Assert.Equal(["Partner g → in talks"], digest.MovedThisWeek);
        Assert.Equal(["Partner f"], digest.NewCandidates);
        Assert.Equal(["Science Museum", "Art School"], digest.AwaitingDecision.Select(c => c.Name));
        Assert.Equal("Ana", Assert.Single(digest.Overdue).Name);
        Assert.Equal(SunsetAdvice.Review, Assert.Single(digest.HealthAlerts).Advice);
        Assert.Contains(digest.ConcentrationWarnings, w => w.StartsWith("Market partners hold", StringComparison.Ordinal));
        Assert.Contains(digest.ConcentrationWarnings, w => w.Contains("commercial partner", StringComparison.Ordinal));
        Assert.Equal("n4", Assert.Single(digest.UncoveredNeeds).NeedId);
        Assert.Equal(["Ben"], digest.Unreachable);
        var facts = DigestNarrative.ToFacts(digest);
        Assert.Equal(["Science Museum", "Art School"], facts.AwaitingDecision);
        Assert.Equal(digest.Overdue.Sum(o => o.Items.Count), facts.OverdueSteps);
        Assert.Equal(1, facts.UnreachablePeople);
        Assert.Contains(digest.HealthAlerts[0].Name, RuleBasedDigestNarrator.Narrate(facts), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LargeWorkspace_CardListsAreCapped()
    {
        var partners = Enumerable.Range(0, 2000).Select(i => Seed.Partner($"p{i}", (PartnerStage)(i % 9))).ToList();

        var digest = DigestBuilder.Build(new DigestInput { Workspace = Ws, Partners = partners, WeekStart = WeekStart, Today = Seed.Today, Week = "2026-W48" });
        var card = DigestCard.Build(digest, RuleBasedDigestNarrator.Narrate(DigestNarrative.ToFacts(digest))).ToJson().ToJsonString();

        Assert.Equal(2000, digest.Pipeline.Sum(p => p.Count));
        Assert.Equal(DigestBuilder.ListLimit, digest.AwaitingDecision.Count);
        Assert.True(card.Length < 28_000, $"card is {card.Length} characters");
    }

    [Fact]
    public void PipelineCsv_NamesWithCommasQuotesAndFormulas_AreEscaped()
    {
        var p = Seed.Partner("x", PartnerStage.Active) with { Name = "=Smith, \"Jones\" & Co" };

        var csv = PipelineCsv.Write([p], new Dictionary<string, PartnerHistory>(), [], new Dictionary<string, string> { ["u1"] = "Ana" });

        Assert.Contains("\"'=Smith, \"\"Jones\"\" & Co\",Nonprofit,Civic,Partnership,Active,1,,,Ana,", csv, StringComparison.Ordinal);
    }

    private static PartnerScreening Screening(string partnerId, int score) => new()
    {
        PartnerId = partnerId,
        RaterUserId = "u1",
        RaterName = "Ana",
        Ratings = Enum.GetValues<ScreeningQuestion>().ToDictionary(q => q, _ => new Rating(score)),
        SubmittedAt = Seed.Now,
    };

    private static Need Need(string id) => new() { Id = id, Kind = NeedKind.Technology, Description = "Need " + id };
}
