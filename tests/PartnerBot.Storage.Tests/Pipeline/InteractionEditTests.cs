using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tests.Support;

namespace PartnerBot.Storage.Tests.Pipeline;

/// <summary>Editing a logged contact on Azurite: the history carries each contact's ETag and a stale edit changes nothing.</summary>
public class InteractionEditTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static WorkspaceKey NewWorkspace() => WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task UpdateInteraction_WithItsETag_Replaces_AndAStaleOneConflictsAndChangesNothing()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var logged = new Interaction { Id = "i1", PartnerId = "p1", UserId = "u-ana", Summary = "Called", OccurredAt = Now };
        await bot.History.SaveInteractionAsync(ws, logged, default);
        var read = await bot.History.GetAsync(ws, "p1", default);
        var first = read.InteractionETags["i1"];

        var edited = logged with { Summary = "Met at the museum", OccurredAt = Now.AddDays(-30) };
        var second = await bot.History.UpdateInteractionAsync(ws, edited, first, default);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.History.UpdateInteractionAsync(ws, logged with { Summary = "Lost update" }, first, default));
        var after = await bot.History.GetAsync(ws, "p1", default);
        var stored = Assert.Single(after.Interactions);
        Assert.Equal("Met at the museum", stored.Summary);
        Assert.Equal(Now.AddDays(-30), stored.OccurredAt);
        Assert.Equal(second, after.InteractionETags["i1"]);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task UpdateInteraction_OfOneNeverLogged_Conflicts_AndCreatesNothing()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var ghost = new Interaction { Id = "i-none", PartnerId = "p1", UserId = "u-ana", Summary = "x", OccurredAt = Now };

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.History.UpdateInteractionAsync(ws, ghost, "W/\"datetime'2026-11-23T09%3A00%3A00.0000000Z'\"", default));

        Assert.Empty((await bot.History.GetAsync(ws, "p1", default)).Interactions);
    }
}
