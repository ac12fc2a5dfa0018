using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.FollowThrough;

namespace PartnerBot.Core.Tests.Rules;

/// <summary>The stage changes the bot makes by itself are decided in Core, as a pure function.</summary>
public class StageRulesTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(Seed.Now.UtcDateTime);

    private static readonly HealthCheck[] TwoPoor = [Seed.Check("p", 200, 4, 4, 4, 4, 4), Seed.Check("p", 100, 2, 2, 2, 3, 2), Seed.Check("p", 5, 2, 2, 2, 2, 2)];
    private static readonly HealthCheck[] OnePoor = [Seed.Check("p", 100, 4, 4, 4, 4, 4), Seed.Check("p", 5, 2, 2, 2, 2, 2)];
    private static readonly HealthCheck[] Declining = [Seed.Check("p", 300, 5, 5, 5, 5, 5), Seed.Check("p", 200, 4, 4, 4, 4, 4), Seed.Check("p", 100, 3, 3, 4, 3, 3)];

    public static TheoryData<PartnerStage, string, bool> Cases => new()
    {
        { PartnerStage.Active, nameof(TwoPoor), true },
        { PartnerStage.Active, nameof(Declining), true },
        { PartnerStage.Active, nameof(OnePoor), false },
        { PartnerStage.Active, "none", false },
        // Only a working partnership moves: one already under review, formalised or ended stays where it is.
        { PartnerStage.UnderReview, nameof(TwoPoor), false },
        { PartnerStage.Formalised, nameof(TwoPoor), false },
        { PartnerStage.Ended, nameof(TwoPoor), false },
    };

    private static HealthCheck[] Checks(string name) => name switch
    {
        nameof(TwoPoor) => TwoPoor,
        nameof(OnePoor) => OnePoor,
        nameof(Declining) => Declining,
        _ => [],
    };

    [Fact]
    public void Decide_ThePartnerAnswersPoorly_WhileTheLibrarysChecksAreFine_MovesUnderReview_KeyedByTheirAnswer()
    {
        PartnerRound Round(string id, int score, int daysAgo) => new()
        {
            Id = id,
            PartnerId = "p",
            CreatedByUserId = "u",
            CreatedAt = Seed.Now.AddDays(-daysAgo - 2),
            ExpiresAt = Seed.Now.AddDays(19 - daysAgo),
            Response = new PartnerResponse
            {
                Scores = PartnerRounds.Compared.ToDictionary(q => q, _ => score),
                SubmittedAt = Seed.Now.AddDays(-daysAgo),
            },
        };
        var fine = new PartnerHistory { HealthChecks = [Seed.Check("p", 10, 4, 4, 4, 4, 4)] };

        Assert.Null(StageRules.Decide(Seed.Partner("p", PartnerStage.Active), fine with { PartnerRounds = [Round("r1", 4, 3)] }, HealthRules.Default, Today));
        var move = StageRules.Decide(Seed.Partner("p", PartnerStage.Active), fine with { PartnerRounds = [Round("r1", 1, 3)] }, HealthRules.Default, Today);

        Assert.NotNull(move);
        Assert.Equal((PartnerStage.Active, PartnerStage.UnderReview), (move.From, move.To));
        Assert.Equal("partner|r1", move.Occurrence);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_Table(PartnerStage stage, string checks, bool moves)
    {
        var move = StageRules.Decide(Seed.Partner("p", stage), new PartnerHistory { HealthChecks = Checks(checks) }, HealthRules.Default, Today);

        Assert.Equal(moves, move is not null);
        if (move is not null)
        {
            Assert.Equal((PartnerStage.Active, PartnerStage.UnderReview), (move.From, move.To));
            Assert.Equal(checks == nameof(TwoPoor) ? "h5" : "h100", move.Occurrence);
            Assert.Equal(HealthTrend.Assess("p", Checks(checks), HealthRules.Default).Explanation, move.Reason);
        }
    }

    [Fact]
    public void Move_AppliesOnlyWhileThePartnerIsStillActive_AndSaysWhy()
    {
        var partner = Seed.Partner("p", PartnerStage.Active) with { Name = "Science Museum" };
        var move = StageRules.Decide(partner, new PartnerHistory { HealthChecks = TwoPoor }, HealthRules.Default, Today)!;
        var later = Seed.Now.AddDays(1);

        var moved = move.Apply(partner, later);

        Assert.Equal("h5", move.Occurrence);
        Assert.Equal(PartnerStage.UnderReview, moved.Stage);
        Assert.Equal(move.Reason, moved.StageReason);
        Assert.Equal(later, moved.UpdatedAt);
        Assert.True(move.StillApplies(partner));
        Assert.False(move.StillApplies(moved));
        Assert.False(move.StillApplies(partner with { Id = "other" }));
        Assert.StartsWith("Science Museum is now under review. The last two health checks", move.Announcement, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_Workspace_OnlyThePartnersDue()
    {
        var histories = new Dictionary<string, PartnerHistory>
        {
            ["a"] = new() { HealthChecks = [.. TwoPoor.Select(c => c with { PartnerId = "a" })] },
            ["b"] = new() { HealthChecks = [.. OnePoor.Select(c => c with { PartnerId = "b" })] },
        };

        var moves = StageRules.Decide([Seed.Partner("a", PartnerStage.Active), Seed.Partner("b", PartnerStage.Active), Seed.Partner("c", PartnerStage.Active)], histories, HealthRules.Default, Today);

        Assert.Equal("a", Assert.Single(moves).PartnerId);
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void Formalised_BecomesActiveOnItsStartDate_NotBefore(int startInDays, bool moves)
    {
        var partner = Seed.Partner("p", PartnerStage.Formalised) with { Name = "Science Museum" };
        var start = Today.AddDays(startInDays);
        var history = new PartnerHistory { Formalisation = new Stored<Formalisation>(new Formalisation { PartnerId = "p", StartDate = start, UpdatedByUserId = "u1", UpdatedAt = Seed.Now }, "e1") };

        var move = StageRules.Decide(partner, history, HealthRules.Default, Today);

        Assert.Equal(moves, move is not null);
        if (move is not null)
        {
            Assert.Equal(PartnerStage.Active, move.Apply(partner, Seed.Now).Stage);
            Assert.Equal($"start|{start:yyyy-MM-dd}", move.Occurrence);
            Assert.Contains(start.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), move.Announcement, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(PartnerStage.InTalks)]
    [InlineData(PartnerStage.Active)]
    [InlineData(PartnerStage.Ended)]
    public void StartDate_MovesOnlyAFormalisedPartner(PartnerStage stage)
    {
        var history = new PartnerHistory { Formalisation = new Stored<Formalisation>(new Formalisation { PartnerId = "p", StartDate = Today.AddDays(-3), UpdatedByUserId = "u1", UpdatedAt = Seed.Now }, "e1") };

        Assert.Null(StageRules.Decide(Seed.Partner("p", stage), history, HealthRules.Default, Today));
    }

    [Fact]
    public void Formalised_WithoutAStartDate_Stays()
    {
        var history = new PartnerHistory { Formalisation = new Stored<Formalisation>(new Formalisation { PartnerId = "p", UpdatedByUserId = "u1", UpdatedAt = Seed.Now }, "e1") };

        Assert.Null(StageRules.Decide(Seed.Partner("p", PartnerStage.Formalised), history, HealthRules.Default, Today));
    }
}
