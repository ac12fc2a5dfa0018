using PartnerBot.Core.FollowThrough.Health;

namespace PartnerBot.Core.Tests.FollowThrough;

public class HealthTrendTests
{
    [Fact]
    public void Assess_TwoPoorChecksInARow_NeedsReview()
    {
        var a = HealthTrend.Assess("p1", [Seed.Check("p1", 200, 4, 4, 4, 4, 4), Seed.Check("p1", 100, 2, 2, 2, 3, 2), Seed.Check("p1", 5, 2, 2, 2, 2, 2)], HealthRules.Default);

        Assert.True(a.NeedsReview);
        Assert.Equal(SunsetAdvice.Review, a.Advice);
        Assert.Contains("last two health checks", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_OnePoorCheck_NoReview()
    {
        var a = HealthTrend.Assess("p1", [Seed.Check("p1", 100, 4, 4, 4, 4, 4), Seed.Check("p1", 5, 2, 2, 2, 2, 2)], HealthRules.Default);

        Assert.False(a.NeedsReview);
        Assert.Equal(TrendDirection.Declining, a.Direction);
    }

    [Fact]
    public void Assess_SteadyDeclineAboveThePoorLine_NeedsReview()
    {
        var a = HealthTrend.Assess("p1", [Seed.Check("p1", 300, 5, 5, 5, 5, 5), Seed.Check("p1", 200, 4, 4, 4, 4, 4), Seed.Check("p1", 100, 3, 3, 4, 3, 3)], HealthRules.Default);

        Assert.True(a.NeedsReview);
        Assert.Contains("fallen three checks in a row", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_VeryPoorOrNoStrategicFit_AdvisesEnd()
    {
        var a = HealthTrend.Assess("p1", [Seed.Check("p1", 100, 2, 2, 2, 2, 2), Seed.Check("p1", 5, 1, 2, 2, 2, 1)], HealthRules.Default);

        Assert.Equal(SunsetAdvice.End, a.Advice);
    }

    [Fact]
    public void Assess_InterestsUnmetButWorkGoesOn_AdvisesRenegotiate()
    {
        var a = HealthTrend.Assess("p1", [Seed.Check("p1", 100, 1, 2, 3, 3, 3), Seed.Check("p1", 5, 1, 2, 3, 3, 2)], HealthRules.Default);

        Assert.Equal(SunsetAdvice.Renegotiate, a.Advice);
    }

    [Fact]
    public void Assess_NoChecks_NotEnoughDataAndNoReview()
    {
        var a = HealthTrend.Assess("p1", [], HealthRules.Default);

        Assert.Equal(TrendDirection.NotEnoughData, a.Direction);
        Assert.False(a.NeedsReview);
    }
}
