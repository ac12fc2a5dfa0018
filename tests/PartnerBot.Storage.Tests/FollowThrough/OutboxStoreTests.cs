using System.Globalization;
using Azure.Data.Tables;
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
        Assert.False(await store.EnqueueAsync(Message("digest|t/w|u1|2026-W48", "[{\"text\":\"two\"}]") with { NextAttemptAt = Now.AddSeconds(1) }, default));

        var due = Assert.Single(await store.ListDueAsync(Now.AddMinutes(1), 100, default));
        Assert.Equal("[{\"text\":\"one\"}]", due.Value.PayloadJson);
        Assert.Equal(OutboxStatus.Pending, (await store.GetAsync("tenant/1#?", "digest|t/w|u1|2026-W48", default))!.Value.Status);
    }

    [Fact]
    public async Task Enqueue_FinalStatus_RefusedAndNothingWritten()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());

        await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(Message("k", "[]") with { Status = OutboxStatus.Sent }, default));

        Assert.Null(await store.GetAsync("tenant/1#?", "k", default));
        Assert.Empty(await store.ListDueAsync(Now, 10, default));
    }

    [Fact]
    public async Task TryUpdate_StaleETag_ReturnsNullAndKeepsFirstWriter()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        await store.EnqueueAsync(Message("k1", "[]"), default);
        var read = Assert.Single(await store.ListDueAsync(Now, 10, default));

        var first = await store.TryUpdateAsync(read, read.Value with { Status = OutboxStatus.Sending, ClaimedBy = "a", ClaimedUntil = Now.AddMinutes(5) }, default);
        var second = await store.TryUpdateAsync(read, read.Value with { Status = OutboxStatus.Sending, ClaimedBy = "b", ClaimedUntil = Now.AddMinutes(5) }, default);
        var third = await store.TryUpdateAsync(read, read.Value with { PartsSent = 1 }, default);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Null(third);
        Assert.Empty(await store.ListDueAsync(Now.AddMinutes(4), 10, default));
        Assert.Equal("a", Assert.Single(await store.ListDueAsync(Now.AddMinutes(6), 10, default)).Value.ClaimedBy);
    }

    [Fact]
    public async Task ListDue_ReturnsPendingDueAndExpiredClaimsOnly()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        foreach (var key in new[] { "due", "later", "sent", "claimed", "abandoned" })
        {
            await store.EnqueueAsync(Message(key, "[]") with { NextAttemptAt = key == "later" ? Now.AddHours(1) : Now.AddMinutes(-5) }, default);
        }

        var rows = (await store.ListDueAsync(Now, 10, default)).ToDictionary(r => r.Value.Key);
        await store.TryUpdateAsync(rows["sent"], rows["sent"].Value with { Status = OutboxStatus.Sent, SentAt = Now, FinishedAt = Now }, default);
        await store.TryUpdateAsync(rows["claimed"], rows["claimed"].Value with { Status = OutboxStatus.Sending, ClaimedUntil = Now.AddMinutes(1) }, default);
        await store.TryUpdateAsync(rows["abandoned"], rows["abandoned"].Value with { Status = OutboxStatus.Sending, ClaimedUntil = Now.AddMinutes(-1) }, default);

        var due = await store.ListDueAsync(Now, 100, default);

        Assert.Equal(["abandoned", "due"], due.Select(d => d.Value.Key).Order());
        Assert.Equal(OutboxStatus.Sent, (await store.GetAsync("tenant/1#?", "sent", default))!.Value.Status);
    }

    [Fact]
    public async Task ListDue_ManySent_ReadsOnlyTheDueRows()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        for (var i = 0; i < 300; i++)
        {
            await store.EnqueueAsync(Message($"sent-{i}", "[{\"text\":\"x\"}]"), default);
        }

        var batch = await store.ListDueAsync(Now, 1000, default);
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (row, ct) =>
            Assert.NotNull(await store.TryUpdateAsync(row, row.Value with { Status = OutboxStatus.Sent, SentAt = Now, FinishedAt = Now, KeyExpiresAt = Now.AddDays(14) }, ct)));
        for (var i = 0; i < 7; i++)
        {
            await store.EnqueueAsync(Message($"due-{i}", "[]"), default);
            await store.EnqueueAsync(Message($"later-{i}", "[]") with { NextAttemptAt = Now.AddHours(1) }, default);
        }

        var before = store.RowsRead;
        var due = await store.ListDueAsync(Now, 1000, default);

        Assert.Equal(7, due.Count);
        Assert.Equal(7, store.RowsRead - before);
        Assert.Equal(300, batch.Count);
    }

    [Fact]
    public async Task PurgeExpiredKeys_RemovesRecordsPastRetentionOnly_ThenTheKeyCanBeEnqueuedAgain()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        await store.EnqueueAsync(Message("old", "[]"), default);
        await store.EnqueueAsync(Message("recent", "[]"), default);
        foreach (var row in await store.ListDueAsync(Now, 10, default))
        {
            var finished = row.Value.Key == "old" ? Now : Now.AddDays(3);
            await store.TryUpdateAsync(row, row.Value with { Status = OutboxStatus.Sent, FinishedAt = finished, KeyExpiresAt = finished.AddDays(14) }, default);
        }

        Assert.False(await store.EnqueueAsync(Message("old", "[]"), default));
        Assert.Equal(0, await store.PurgeExpiredKeysAsync(Now.AddDays(13), 100, default));
        Assert.Equal(1, await store.PurgeExpiredKeysAsync(Now.AddDays(15), 100, default));

        Assert.Null(await store.GetAsync("tenant/1#?", "old", default));
        Assert.NotNull(await store.GetAsync("tenant/1#?", "recent", default));
        Assert.Equal(0, await store.PurgeExpiredKeysAsync(Now.AddDays(15), 100, default));
        Assert.True(await store.EnqueueAsync(Message("old", "[]"), default));
    }

    [Fact]
    public async Task ConfirmEnqueued_LeftoverCopyOfAKey_RemovedAndNotConfirmed()
    {
        var tables = await FollowThroughTables.CreateAsync();
        var store = new TableOutboxStore(tables);
        await store.EnqueueAsync(Message("k", "[]"), default);

        // An enqueue of the same key that stopped between its two writes left a second row (written here by hand).
        var table = tables.GetTable(TableOutboxStore.TableName);
        var raw = Assert.Single(table.Query<TableEntity>(e => e.PartitionKey == "due"));
        raw.RowKey = (Now.UtcTicks - 1).ToString("D19", CultureInfo.InvariantCulture) + raw.RowKey[19..];
        raw["NextAttemptAt"] = Now.AddTicks(-1);
        raw["EnqueueId"] = "stopped";
        await table.AddEntityAsync(raw);
        var rows = await store.ListDueAsync(Now, 10, default);
        Assert.Equal(2, rows.Count);

        Assert.False(await store.ConfirmEnqueuedAsync(rows.Single(r => r.Value.EnqueueId == "stopped"), default));
        Assert.True(await store.ConfirmEnqueuedAsync(rows.Single(r => r.Value.EnqueueId != "stopped"), default));
        Assert.NotEqual("stopped", Assert.Single(await store.ListDueAsync(Now, 10, default)).Value.EnqueueId);
    }

    [Fact]
    public async Task ConfirmEnqueued_RowWhoseRecordWasNeverWritten_AdoptedSoASecondEnqueueIsANoOp()
    {
        var tables = await FollowThroughTables.CreateAsync();
        var store = new TableOutboxStore(tables);
        await store.EnqueueAsync(Message("k", "[]"), default);
        await tables.GetTable(TableOutboxStore.KeysTableName).DeleteEntityAsync("tenant%2F1%23%3F", "k");
        var row = Assert.Single(await store.ListDueAsync(Now, 10, default));

        Assert.True(await store.ConfirmEnqueuedAsync(row, default));

        Assert.NotNull(await store.GetAsync("tenant/1#?", "k", default));
        Assert.False(await store.EnqueueAsync(Message("k", "[]") with { NextAttemptAt = Now.AddSeconds(1) }, default));
        Assert.Single(await store.ListDueAsync(Now.AddMinutes(1), 10, default));
    }

    [Fact]
    public async Task ListFailedRecipients_OnlyFailedSinceTheGivenTime()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        await store.EnqueueAsync(Message("f1", "[]") with { RecipientUserId = "u-failed" }, default);
        await store.EnqueueAsync(Message("f0", "[]") with { RecipientUserId = "u-failed-long-ago" }, default);
        await store.EnqueueAsync(Message("s1", "[]") with { RecipientUserId = "u-sent" }, default);
        foreach (var row in await store.ListDueAsync(Now, 10, default))
        {
            var status = row.Value.Key == "s1" ? OutboxStatus.Sent : OutboxStatus.Failed;
            var finished = row.Value.Key == "f0" ? Now.AddDays(-10) : Now;
            await store.TryUpdateAsync(row, row.Value with { Status = status, FinishedAt = finished }, default);
        }

        Assert.Equal(["u-failed"], await store.ListFailedRecipientsAsync("tenant/1#?", Now.AddDays(-7), default));
        Assert.Empty(await store.ListFailedRecipientsAsync("another", Now.AddDays(-7), default));
    }

    [Fact]
    public async Task Enqueue_LargePayload_RoundTripsAcrossChunks()
    {
        var store = new TableOutboxStore(await FollowThroughTables.CreateAsync());
        var big = "[{\"text\":\"" + new string('é', 70_000) + "\"}]";

        await store.EnqueueAsync(Message("big", big), default);

        Assert.Equal(big, Assert.Single(await store.ListDueAsync(Now, 10, default)).Value.PayloadJson);
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
