using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tests.Support;

namespace PartnerBot.Storage.Tests.Pipeline;

/// <summary>Editing a health check on Azurite: the history carries each check's ETag and a stale edit changes nothing.</summary>
public class HealthCheckEditTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static WorkspaceKey NewWorkspace() => WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);

    private static HealthCheck Check(string id, int score, string? note) => new()
    {
        Id = id,
        PartnerId = "p1",
        UserId = "u-ana",
        Scores = Enum.GetValues<HealthQuestion>().ToDictionary(q => q, _ => score),
        Note = note,
        SubmittedAt = Now,
    };

    [Fact]
    public async Task UpdateHealthCheck_WithItsETag_ReplacesTheAnswers_AndAStaleOneConflictsAndChangesNothing()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        await bot.History.SaveHealthCheckAsync(ws, Check("h1", 4, "Going well"), default);
        await bot.History.SaveHealthCheckAsync(ws, Check("h2", 3, null), default);
        var read = await bot.History.GetAsync(ws, "p1", default);
        Assert.Equal(["h1", "h2"], read.HealthCheckETags.Keys.Order(StringComparer.Ordinal));
        var first = read.HealthCheckETags["h1"];

        var edited = Check("h1", 2, null) with { EditedAt = Now.AddDays(1), EditedByUserId = "u-ben" };
        var second = await bot.History.UpdateHealthCheckAsync(ws, edited, first, default);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.History.UpdateHealthCheckAsync(ws, Check("h1", 5, "Lost update"), first, default));
        var after = await bot.History.GetAsync(ws, "p1", default);
        var stored = after.HealthChecks.Single(h => h.Id == "h1");
        Assert.All(stored.Scores.Values, s => Assert.Equal(2, s));
        Assert.Equal(5, stored.Scores.Count);
        Assert.Null(stored.Note);
        Assert.Equal((Now, Now.AddDays(1), "u-ben"), (stored.SubmittedAt, stored.EditedAt, stored.EditedByUserId));
        Assert.Equal(second, after.HealthCheckETags["h1"]);
        Assert.NotEqual(first, second);
        Assert.Equal(read.HealthCheckETags["h2"], after.HealthCheckETags["h2"]);
        Assert.Equal(3, after.HealthChecks.Single(h => h.Id == "h2").Scores[HealthQuestion.Progress]);
    }

    [Fact]
    public async Task UpdateHealthCheck_OfOneNeverSent_Conflicts_AndCreatesNothing()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.History.UpdateHealthCheckAsync(ws, Check("h-none", 3, null), "W/\"datetime'2026-11-23T09%3A00%3A00.0000000Z'\"", default));

        Assert.Empty((await bot.History.GetAsync(ws, "p1", default)).HealthChecks);
    }
}
