using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.FollowThrough;

/// <summary>The partner side's answer rules: when a round takes an answer, what an answer must hold, and one answer per round.</summary>
public sealed class PartnerRoundRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly WorkspaceKey Library = new("tenant-1", "default");

    private static PartnerRound Round(string partner = "p-1", string id = "r-1") => new()
    {
        Id = id,
        PartnerId = partner,
        CreatedByUserId = "u-ana",
        CreatedAt = Start,
        ExpiresAt = Start + PartnerRoundRules.DefaultLifetime,
    };

    private static Dictionary<HealthQuestion, int> Scores(int interest = 4, int communication = 3, int progress = 5, int fit = 2) => new()
    {
        [HealthQuestion.PartnerInterestMet] = interest,
        [HealthQuestion.Communication] = communication,
        [HealthQuestion.Progress] = progress,
        [HealthQuestion.StrategicFit] = fit,
    };

    [Fact]
    public void Questions_AreThePartnersSideOfFourLibraryQuestions_NamingTheLibrary()
    {
        Assert.Equal(
            [HealthQuestion.PartnerInterestMet, HealthQuestion.Communication, HealthQuestion.Progress, HealthQuestion.StrategicFit],
            PartnerRoundRules.Questions.Select(q => q.Question));
        Assert.All(PartnerRoundRules.Questions, q => Assert.Contains("Riverside Library", q.Text("Riverside Library"), StringComparison.Ordinal));
        Assert.Contains("your organisation", PartnerRoundRules.Questions[0].Text("X"), StringComparison.Ordinal);
        Assert.Equal(PartnerRoundRules.MaxScore - PartnerRoundRules.MinScore + 1, PartnerRoundRules.ScaleLabels.Count);
        Assert.Equal(TimeSpan.FromDays(21), PartnerRoundRules.DefaultLifetime);
    }

    [Theory]
    [InlineData(0, null, PartnerRoundState.Open)]
    [InlineData(20 * 24, null, PartnerRoundState.Open)]
    [InlineData(21 * 24, null, PartnerRoundState.Expired)]
    [InlineData(1, 0, PartnerRoundState.Revoked)]
    [InlineData(30 * 24, 0, PartnerRoundState.Revoked)]
    public void StateAt_OpenUntilItExpires_RevocationWins(int hoursLater, int? revokedAfterHours, PartnerRoundState expected)
    {
        var round = Round() with { RevokedAt = revokedAfterHours is { } h ? Start.AddHours(h) : null };

        Assert.Equal(expected, PartnerRoundRules.StateAt(round, Start.AddHours(hoursLater)));
    }

    public static TheoryData<Dictionary<HealthQuestion, int>, string?, PartnerAnswerRefusal?> Answers => new()
    {
        { Scores(), null, null },
        { Scores(), "  Going well.\r\nThanks!  ", null },
        { Scores(interest: 0), null, PartnerAnswerRefusal.BadScore },
        { Scores(fit: 6), null, PartnerAnswerRefusal.BadScore },
        { Scores(progress: -1), null, PartnerAnswerRefusal.BadScore },
        { new Dictionary<HealthQuestion, int> { [HealthQuestion.Communication] = 3 }, null, PartnerAnswerRefusal.BadScore },
        { new Dictionary<HealthQuestion, int>(Scores()) { [HealthQuestion.LibraryInterestMet] = 3 }, null, PartnerAnswerRefusal.BadScore },
        { Scores(), new string('x', PartnerRoundRules.CommentMaxLength), null },
        { Scores(), new string('x', PartnerRoundRules.CommentMaxLength + 1), PartnerAnswerRefusal.CommentTooLong },
        // A browser sends a line break as two characters; it counts as one, as the text box counted it.
        { Scores(), string.Join("\r\n", Enumerable.Repeat("abcd", 400)), null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Validate_EveryQuestionScored1To5_CommentWithinTheLimit(Dictionary<HealthQuestion, int> scores, string? comment, PartnerAnswerRefusal? expected)
    {
        Assert.Equal(expected, PartnerRoundRules.Validate(scores, comment));
    }

    [Fact]
    public void NormaliseComment_KeepsTheTextLiterally_BlankIsNone()
    {
        Assert.Null(PartnerRoundRules.NormaliseComment(" \r\n "));
        Assert.Equal("<script>alert(1)</script>\nline two", PartnerRoundRules.NormaliseComment(" <script>alert(1)</script>\r\nline two "));
    }

    [Fact]
    public async Task Save_FirstAnswerIsSaved_ThenEditedOnlyFromTheCurrentVersion()
    {
        var time = new FakeTimeProvider(Start);
        var store = new Rounds();
        var created = await store.SaveAsync(Library, Round(), null, default);
        var answers = new PartnerAnswers(store, time);

        time.Advance(TimeSpan.FromDays(2));
        var first = await answers.SaveAsync(Library, "p-1", "r-1", Scores(), " Fine. ", created.ETag, default);
        time.Advance(TimeSpan.FromDays(1));
        var replay = await answers.SaveAsync(Library, "p-1", "r-1", Scores(interest: 1), null, created.ETag, default);
        var edit = await answers.SaveAsync(Library, "p-1", "r-1", Scores(interest: 5), "Better now.", first.Round!.ETag, default);

        Assert.Equal(PartnerAnswerOutcome.Saved, first.Outcome);
        Assert.Equal(Start.AddDays(2), first.Round.Value.Response!.SubmittedAt);
        Assert.Null(first.Round.Value.Response.EditedAt);
        Assert.Equal("Fine.", first.Round.Value.Response.Comment);
        Assert.Equal(PartnerAnswerOutcome.Refused, replay.Outcome);
        Assert.Equal(PartnerAnswerRefusal.Stale, replay.Refusal);
        Assert.Equal(PartnerAnswerOutcome.Edited, edit.Outcome);
        var stored = (await store.GetAsync(Library, "p-1", "r-1", default))!.Value.Response!;
        Assert.Equal(5, stored.Scores[HealthQuestion.PartnerInterestMet]);
        Assert.Equal("Better now.", stored.Comment);
        Assert.Equal(Start.AddDays(2), stored.SubmittedAt);
        Assert.Equal(Start.AddDays(3), stored.EditedAt);
        Assert.Equal(3, store.Writes);
    }

    [Theory]
    [InlineData("expired", PartnerAnswerRefusal.Expired)]
    [InlineData("revoked", PartnerAnswerRefusal.Revoked)]
    [InlineData("gone", PartnerAnswerRefusal.RoundGone)]
    [InlineData("other partner", PartnerAnswerRefusal.RoundGone)]
    [InlineData("no version", PartnerAnswerRefusal.Stale)]
    [InlineData("bad score", PartnerAnswerRefusal.BadScore)]
    [InlineData("long comment", PartnerAnswerRefusal.CommentTooLong)]
    public async Task Save_Refused_ChangesNothing(string situation, PartnerAnswerRefusal expected)
    {
        var time = new FakeTimeProvider(Start);
        var store = new Rounds();
        var round = situation == "revoked" ? Round() with { RevokedAt = Start.AddHours(1), RevokedByUserId = "u-ana" } : Round();
        var created = await store.SaveAsync(Library, round, null, default);
        // A round of another partner, stored under this partner's row by mistake, must not take this partner's answer.
        if (situation == "other partner")
        {
            store.Put("p-1", Round(partner: "p-2", id: "r-2"));
        }

        var answers = new PartnerAnswers(store, time);
        time.Advance(situation == "expired" ? PartnerRoundRules.DefaultLifetime : TimeSpan.FromDays(1));
        var writes = store.Writes;

        var result = await answers.SaveAsync(
            Library,
            "p-1",
            situation switch { "gone" => "r-9", "other partner" => "r-2", _ => "r-1" },
            situation == "bad score" ? Scores(fit: 9) : Scores(),
            situation == "long comment" ? new string('y', PartnerRoundRules.CommentMaxLength + 1) : null,
            situation == "no version" ? null : created.ETag,
            default);

        Assert.Equal(PartnerAnswerOutcome.Refused, result.Outcome);
        Assert.Equal(expected, result.Refusal);
        Assert.Equal(writes, store.Writes);
        Assert.Null((await store.GetAsync(Library, "p-1", "r-1", default))!.Value.Response);
    }

    [Fact]
    public async Task Save_RoundChangedBetweenReadAndWrite_IsStale()
    {
        var time = new FakeTimeProvider(Start);
        var store = new Rounds();
        var created = await store.SaveAsync(Library, Round(), null, default);
        store.BeforeWrite = () => store.Put("p-1", Round() with { RevokedAt = Start, RevokedByUserId = "u-ana" });

        var result = await new PartnerAnswers(store, time).SaveAsync(Library, "p-1", "r-1", Scores(), null, created.ETag, default);

        Assert.Equal(PartnerAnswerRefusal.Stale, result.Refusal);
        Assert.NotNull((await store.GetAsync(Library, "p-1", "r-1", default))!.Value.RevokedAt);
    }

    /// <summary>The store's contract (conditional writes on an ETag) in memory: these tests are of the rules, not of Table Storage.</summary>
    private sealed class Rounds : IPartnerRoundStore
    {
        private readonly Dictionary<(string Partner, string Round), Stored<PartnerRound>> rows = [];
        private int version;

        public int Writes { get; private set; }

        public Action? BeforeWrite { get; set; }

        public void Put(string partnerRow, PartnerRound round) => rows[(partnerRow, round.Id)] = new(round, "v" + ++version);

        public Task<Stored<PartnerRound>?> GetAsync(WorkspaceKey workspace, string partnerId, string roundId, CancellationToken cancellationToken) =>
            Task.FromResult(rows.GetValueOrDefault((partnerId, roundId)));

        public Task<Stored<PartnerRound>> SaveAsync(WorkspaceKey workspace, PartnerRound round, string? etag, CancellationToken cancellationToken)
        {
            BeforeWrite?.Invoke();
            BeforeWrite = null;
            var key = (round.PartnerId, round.Id);
            var exists = rows.TryGetValue(key, out var current);
            if (etag is null ? exists : !exists || current!.ETag != etag)
            {
                throw new ConcurrencyConflictException("changed");
            }

            Writes++;
            var saved = new Stored<PartnerRound>(round, "v" + ++version);
            rows[key] = saved;
            return Task.FromResult(saved);
        }
    }
}
