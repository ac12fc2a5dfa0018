using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.FollowThrough;

/// <summary>The partner's side of the health check: the comparison window, the gap rule, non-answers and the review advice.</summary>
public class PartnerViewsTests
{
    /// <summary>A round created <paramref name="createdDaysAgo"/> days before <see cref="Seed.Now"/>, open 21 days; scores in the compared order (interest, communication, progress, fit).</summary>
    private static PartnerRound Round(string partnerId, int createdDaysAgo, int? answeredDaysAgo = null, int[]? scores = null, int? revokedDaysAgo = null, string? comment = null) => new()
    {
        Id = $"r{createdDaysAgo}",
        PartnerId = partnerId,
        CreatedByUserId = "u1",
        CreatedAt = Seed.Now.AddDays(-createdDaysAgo),
        ExpiresAt = Seed.Now.AddDays(-createdDaysAgo) + PartnerRounds.DefaultLifetime,
        RevokedAt = revokedDaysAgo is { } r ? Seed.Now.AddDays(-r) : null,
        RevokedByUserId = revokedDaysAgo is null ? null : "u1",
        Response = answeredDaysAgo is { } a
            ? new PartnerResponse { Scores = PartnerRounds.Compared.Zip(scores ?? [3, 3, 3, 3]).ToDictionary(x => x.First, x => x.Second), SubmittedAt = Seed.Now.AddDays(-a), Comment = comment }
            : null,
    };

    [Theory]
    [InlineData(4.0, 2, 2.0, true)]
    [InlineData(4.0, 3, 1.0, false)]
    [InlineData(3.5, 1, 2.5, true)]
    [InlineData(2.5, 4, 1.5, false)]
    [InlineData(1.0, 3, 2.0, true)]
    [InlineData(5.0, 5, 0.0, false)]
    public void Gap_TwoPointsOrMoreApart_IsWide(double library, int partner, double gap, bool wide)
    {
        var view = new QuestionView(HealthQuestion.Communication, library, partner);

        Assert.Equal((gap, wide), (view.Gap!.Value, view.IsWide));
    }

    [Fact]
    public void Gap_OneSideMissing_IsNoGap()
    {
        Assert.False(new QuestionView(HealthQuestion.Progress, null, 1).IsWide);
        Assert.False(new QuestionView(HealthQuestion.Progress, 5, null).IsWide);
    }

    // The round was created 30 days ago and expires 9 days ago: its window runs from 51 days ago (21 days before it was
    // created) to 9 days ago, or to when it was revoked.
    [Theory]
    [InlineData(new[] { 60, 40, 20, 5 }, null, new[] { 40, 20 })]
    [InlineData(new[] { 60, 5 }, null, new[] { 60 })]
    [InlineData(new[] { 70, 60 }, null, new[] { 60 })]
    [InlineData(new[] { 5 }, null, new int[0])]
    [InlineData(new[] { 40, 20 }, 25, new[] { 40 })]
    [InlineData(new[] { 51, 9 }, null, new[] { 51, 9 })]
    public void LibrarySide_ChecksInTheRoundsWindow_ElseTheLatestBeforeItClosed(int[] checkDaysAgo, int? revokedDaysAgo, int[] expected)
    {
        var checks = checkDaysAgo.Select(d => Seed.Check("p1", d, 3, 3, 3, 3, 3)).ToList();

        var side = PartnerViews.LibrarySide(checks, Round("p1", 30, revokedDaysAgo: revokedDaysAgo));

        Assert.Equal(expected.Select(d => $"h{d}"), side.Select(c => c.Id));
    }

    [Fact]
    public void Compare_SeveralLibraryChecksInTheWindow_AveragedPerQuestion_AndTheGapSaidInWords()
    {
        var checks = new[] { Seed.Check("p1", 40, 4, 4, 4, 4, 4), Seed.Check("p1", 20, 4, 4, 3, 4, 5), Seed.Check("p1", 100, 1, 1, 1, 1, 1) };

        var side = PartnerViews.Latest(checks, [Round("p1", 30, answeredDaysAgo: 25, scores: [4, 1, 4, 3])])!;

        Assert.Equal(2, side.LibraryChecks);
        Assert.Equal([4.0, 3.5, 4.0, 4.5], side.Questions.Select(q => q.Library!.Value));
        var gap = Assert.Single(side.Gaps);
        Assert.Equal("you rate communication 3.5, they rate it 1", gap.Disagreement());
    }

    [Fact]
    public void Latest_TheNewestAnswerCounts_AndNoAnswerIsNoComparison()
    {
        var checks = new[] { Seed.Check("p1", 20, 4, 4, 4, 4, 4) };

        Assert.Null(PartnerViews.Latest(checks, [Round("p1", 10)]));
        var side = PartnerViews.Latest(checks, [Round("p1", 60, answeredDaysAgo: 55, scores: [1, 1, 1, 1]), Round("p1", 15, answeredDaysAgo: 12, scores: [4, 4, 4, 4])]);
        Assert.Equal("r15", side!.Round.Id);
        Assert.Empty(side.Gaps);
    }

    [Theory]
    [InlineData(3, false, false, false)]   // open, asked 3 days ago: too early to count
    [InlineData(8, false, false, true)]    // open, asked over a week ago, no answer
    [InlineData(8, true, false, false)]    // answered
    [InlineData(25, false, false, true)]   // closed 4 days ago without an answer
    [InlineData(25, false, true, false)]   // revoked by the library: not the partner's silence
    [InlineData(60, false, false, false)]  // closed 39 days ago: no longer listed
    public void Unanswered_TheLatestRoundOnly_OpenOverAWeekOrClosedWithinFourWeeks(int createdDaysAgo, bool answered, bool revoked, bool listed)
    {
        var round = Round("p1", createdDaysAgo, answeredDaysAgo: answered ? createdDaysAgo - 1 : null, revokedDaysAgo: revoked ? createdDaysAgo - 1 : null);

        Assert.Equal(listed, PartnerViews.Unanswered([round], Seed.Now) is not null);
    }

    [Fact]
    public void Unanswered_ANewerRoundReplacesAnOlderSilence()
    {
        Assert.Null(PartnerViews.Unanswered([Round("p1", 25), Round("p1", 3)], Seed.Now));
    }

    [Fact]
    public void Assess_PoorPartnerAnswer_WithHealthyLibraryChecks_NeedsReview_NamingThePartnersSide()
    {
        var checks = new[] { Seed.Check("p1", 40, 3, 4, 3, 3, 3), Seed.Check("p1", 20, 3, 4, 3, 3, 3) };

        var a = HealthTrend.Assess("p1", checks, [Round("p1", 25, answeredDaysAgo: 20, scores: [2, 3, 2, 2])], HealthRules.Default);

        Assert.True(a.NeedsReview);
        Assert.True(a.PartnerSideConcern);
        Assert.Equal(SunsetAdvice.Renegotiate, a.Advice);
        Assert.Contains($"The partner's own answers average {2.25:0.0} out of 5.", a.Explanation, StringComparison.Ordinal);
        Assert.False(HealthTrend.Assess("p1", checks, HealthRules.Default).NeedsReview);
    }

    [Fact]
    public void Assess_AnyPartnerQuestionAtOne_IsPoor_EvenWithAGoodAverage()
    {
        var checks = new[] { Seed.Check("p1", 20, 3, 4, 2, 3, 3) };

        var a = HealthTrend.Assess("p1", checks, [Round("p1", 25, answeredDaysAgo: 20, scores: [4, 1, 3, 4])], HealthRules.Default);

        Assert.True(a.NeedsReview);
        Assert.Equal(SunsetAdvice.Review, a.Advice);
        Assert.Contains("with communication at 1", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_WideGapAlone_NeedsReview_AndSaysBothSides()
    {
        var checks = new[] { Seed.Check("p1", 20, 4, 4, 4, 4, 4) };

        var a = HealthTrend.Assess("p1", checks, [Round("p1", 25, answeredDaysAgo: 20, scores: [4, 2, 4, 4])], HealthRules.Default);

        Assert.True(a.NeedsReview);
        Assert.Equal(SunsetAdvice.Review, a.Advice);
        Assert.Contains("The two sides disagree: the library rates communication 4, the partner rates it 2.", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_PartnerAgrees_NoReview_AndTheLibrarysOwnReasonKeepsItsAdvice()
    {
        var good = new[] { Seed.Check("p1", 20, 4, 4, 4, 4, 4) };
        Assert.False(HealthTrend.Assess("p1", good, [Round("p1", 25, answeredDaysAgo: 20, scores: [4, 4, 3, 5])], HealthRules.Default).NeedsReview);

        var poor = new[] { Seed.Check("p1", 40, 2, 2, 2, 2, 2), Seed.Check("p1", 20, 1, 2, 2, 2, 1) };
        var a = HealthTrend.Assess("p1", poor, [Round("p1", 25, answeredDaysAgo: 20, scores: [1, 2, 2, 1])], HealthRules.Default);
        Assert.Equal(SunsetAdvice.End, a.Advice);
        Assert.Contains("last two health checks", a.Explanation, StringComparison.Ordinal);
        Assert.Contains("partner's own answers", a.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_FromTheHistory_ReadsItsRounds()
    {
        var history = new PartnerHistory { HealthChecks = [Seed.Check("p1", 20, 4, 4, 4, 4, 4)], PartnerRounds = [Round("p1", 25, answeredDaysAgo: 20, scores: [1, 4, 4, 4])] };

        Assert.True(HealthTrend.Assess("p1", history, HealthRules.Default).PartnerSideConcern);
    }

    [Fact]
    public void Digest_ListsDisagreementsAndSilences_AmongAgreedPartnerships_AndStaysEmptyWithoutPartners()
    {
        Partner Agreed(string id, string name, PartnerStage stage = PartnerStage.Active) => Seed.Partner(id, stage) with { Name = name };
        var input = new DigestInput
        {
            Workspace = new Workspace { Key = WorkspaceKey.DefaultFor("t"), Name = "Lib", CreatedAt = Seed.Now, CreatedByUserId = "u1" },
            Partners = [Agreed("p1", "Museum"), Agreed("p2", "School"), Agreed("p3", "Ended Co", PartnerStage.Ended), Agreed("p4", "Quiet Ltd")],
            Histories = new Dictionary<string, PartnerHistory>
            {
                ["p1"] = new() { HealthChecks = [Seed.Check("p1", 20, 4, 4, 4, 4, 4)], PartnerRounds = [Round("p1", 25, answeredDaysAgo: 20, scores: [4, 2, 4, 4])] },
                ["p2"] = new() { PartnerRounds = [Round("p2", 25)] },
                ["p3"] = new() { PartnerRounds = [Round("p3", 25)] },
                ["p4"] = new() { PartnerRounds = [Round("p4", 2)] },
            },
            WeekStart = Seed.Now.AddDays(-7),
            Today = Seed.Today,
            Week = "2026-W48",
            Now = Seed.Now,
        };

        var digest = DigestBuilder.Build(input);

        var disagreement = Assert.Single(digest.PartnerSide.Disagreements);
        Assert.Equal(("Museum", "the library rates communication 4, the partner rates it 2"), (disagreement.Name, Assert.Single(disagreement.Gaps)));
        var silence = Assert.Single(digest.PartnerSide.NotAnswered);
        Assert.Equal(("School", false), (silence.Name, silence.StillOpen));
        Assert.Contains(digest.HealthAlerts, a => a.Name == "Museum");
        var texts = DigestCard.Build(digest, "n").Body.OfType<Core.Cards.AdaptiveCards.TextBlock>().Select(t => t.Text.Source).ToList();
        var section = texts.IndexOf("The partners' side");
        Assert.True(section > texts.IndexOf("Health alerts"), string.Join('\n', texts));
        Assert.Contains("School: did not answer", texts[section + 2], StringComparison.Ordinal);
        Assert.True(DigestBuilder.Build(input with { Partners = [], Histories = new Dictionary<string, PartnerHistory>() }).IsEmpty);
    }
}
