using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.FollowThrough;

namespace PartnerBot.Storage.Tests.FollowThrough;

public class OutboxStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Enqueue_SameKeyTwice_WritesOnce()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());

        Assert.True(await store.EnqueueAsync(Message("digest|t/w|u1|2026-W48", "[{\"text\":\"one\"}]"), default));
        Assert.False(await store.EnqueueAsync(Message("digest|t/w|u1|2026-W48", "[{\"text\":\"two\"}]"), default));

        var stored = await store.GetAsync("tenant/1#?", "digest|t/w|u1|2026-W48", default);
        Assert.Equal("[{\"text\":\"one\"}]", stored!.Value.PayloadJson);
    }

    [Fact]
    public async Task TryUpdate_StaleETag_ReturnsNullAndKeepsFirstWriter()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        await store.EnqueueAsync(Message("k1", "[]"), default);
        var read = (await store.GetAsync("tenant/1#?", "k1", default))!;

        var first = await store.TryUpdateAsync(read, read.Value with { Status = OutboxStatus.Sending, ClaimedBy = "a" }, default);
        var second = await store.TryUpdateAsync(read, read.Value with { Status = OutboxStatus.Sending, ClaimedBy = "b" }, default);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("a", (await store.GetAsync("tenant/1#?", "k1", default))!.Value.ClaimedBy);
    }

    [Fact]
    public async Task ListDue_ReturnsPendingDueAndExpiredClaimsOnly()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        await store.EnqueueAsync(Message("due", "[]"), default);
        await store.EnqueueAsync(Message("later", "[]") with { NextAttemptAt = Now.AddHours(1) }, default);
        await store.EnqueueAsync(Message("sent", "[]") with { Status = OutboxStatus.Sent }, default);
        await store.EnqueueAsync(Message("claimed", "[]") with { Status = OutboxStatus.Sending, ClaimedUntil = Now.AddMinutes(1) }, default);
        await store.EnqueueAsync(Message("abandoned", "[]") with { Status = OutboxStatus.Sending, ClaimedUntil = Now.AddMinutes(-1) }, default);

        var due = await store.ListDueAsync(Now, 100, default);

        Assert.Equal(["abandoned", "due"], due.Select(d => d.Value.Key).Order());
    }

    [Fact]
    public async Task Enqueue_LargePayload_RoundTripsAcrossChunks()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        var big = "[{\"text\":\"" + new string('é', 70_000) + "\"}]";

        await store.EnqueueAsync(Message("big", big), default);

        Assert.Equal(big, (await store.GetAsync("tenant/1#?", "big", default))!.Value.PayloadJson);
    }

    private static OutboxMessage Message(string key, string payload) => new()
    {
        Key = key,
        Workspace = new WorkspaceKey("tenant/1#?", "default"),
        RecipientUserId = "u1",
        PayloadJson = payload,
        NextAttemptAt = Now,
        CreatedAt = Now,
    };
}
