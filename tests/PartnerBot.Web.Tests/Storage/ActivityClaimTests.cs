using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Processing;
using PartnerBot.Storage.Activities;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;

namespace PartnerBot.Web.Tests.Storage;

/// <summary>The shared activity claims against Azurite, and the de-duplicator when they fail.</summary>
public sealed class ActivityClaimTests
{
    private static readonly TimeSpan Window = ActivityDeduplicator.Window;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 59, 50, TimeSpan.Zero));

    [Fact]
    public async Task Claim_JustBeforeTheHourTurns_IsStillSeenAfterIt()
    {
        var (one, other) = await CreateTwoStoresAsync();

        Assert.True(await one.TryClaimAsync("a1", time.GetUtcNow(), Window, default));
        Assert.False(await other.TryClaimAsync("a1", time.GetUtcNow().AddSeconds(20), Window, default));
    }

    [Fact]
    public async Task Claim_OlderThanTheWindow_IsTakenOver_OnceOnly()
    {
        var (one, other) = await CreateTwoStoresAsync();
        var at = time.GetUtcNow().AddMinutes(1);
        await one.TryClaimAsync("a1", at, Window, default);

        Assert.True(await other.TryClaimAsync("a1", at + Window + TimeSpan.FromSeconds(1), Window, default));
        Assert.False(await one.TryClaimAsync("a1", at + Window + TimeSpan.FromSeconds(2), Window, default));
    }

    [Fact]
    public async Task Released_CanBeClaimedAgain_ByAnotherInstance()
    {
        var (one, other) = await CreateTwoStoresAsync();
        await one.TryClaimAsync("a1", time.GetUtcNow(), Window, default);

        await one.ReleaseAsync("a1", time.GetUtcNow().AddSeconds(15), default);

        Assert.True(await other.TryClaimAsync("a1", time.GetUtcNow().AddSeconds(16), Window, default));
    }

    [Fact]
    public async Task Sweep_DeletesHoursBeforeThePreviousOne_KeepsTheRest()
    {
        var (one, _, table) = await CreateTwoStoresWithTableAsync();
        var now = time.GetUtcNow();
        await one.TryClaimAsync("old", now.AddHours(-3), Window, default);
        await one.TryClaimAsync("older", now.AddHours(-5), Window, default);
        await one.TryClaimAsync("recent", now.AddHours(-1), Window, default);

        await one.SweepAsync(now, default);

        // Claims also start sweeps of their own in the background; whoever deletes, only the recent hour remains.
        var left = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            left.Add(row.RowKey);
        }

        Assert.Equal(["recent"], left);
    }

    [Fact]
    public async Task Deduplicator_ClaimsThatThrow_StillProcessesOnce()
    {
        var deduplicator = new ActivityDeduplicator(time, new FailingClaims(hang: false), NullLogger<ActivityDeduplicator>.Instance);
        var activity = Activity();

        Assert.True(await deduplicator.TryBeginAsync(activity, default));
        Assert.False(await deduplicator.TryBeginAsync(activity, default));
    }

    [Fact]
    public async Task Deduplicator_ClaimsThatHang_ProcessesWhenTheDeadlinePasses()
    {
        var deduplicator = new ActivityDeduplicator(time, new FailingClaims(hang: true), NullLogger<ActivityDeduplicator>.Instance);

        var begin = deduplicator.TryBeginAsync(Activity(), default);
        Assert.False(begin.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await begin.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Deduplicator_ForgottenAfterAFailedTurn_RunsAgainOnAnotherInstance()
    {
        var (one, other) = await CreateTwoStoresAsync();
        var first = new ActivityDeduplicator(time, new Adapter(one), NullLogger<ActivityDeduplicator>.Instance);
        var second = new ActivityDeduplicator(time, new Adapter(other), NullLogger<ActivityDeduplicator>.Instance);
        var activity = Activity();
        await first.TryBeginAsync(activity, default);
        Assert.False(await second.TryBeginAsync(Activity(activity.Id), default));

        await first.ForgetAsync(activity);

        Assert.True(await second.TryBeginAsync(Activity(activity.Id), default));
    }

    private static Activity Activity(string? id = null) => new()
    {
        Type = ActivityTypes.Message,
        Id = id ?? "act-" + Guid.NewGuid().ToString("N"),
        ChannelId = "msteams",
        Conversation = new ConversationAccount { Id = "a:1" },
    };

    private static async Task<(TableActivityClaimStore One, TableActivityClaimStore Other)> CreateTwoStoresAsync()
    {
        var (one, other, _) = await CreateTwoStoresWithTableAsync();
        return (one, other);
    }

    private static async Task<(TableActivityClaimStore One, TableActivityClaimStore Other, TableClient Table)> CreateTwoStoresWithTableAsync()
    {
        var connection = await AzuriteServer.GetConnectionStringAsync();
        var options = Options.Create(new TableStorageOptions { TablePrefix = "c" + Guid.NewGuid().ToString("N")[..12] });
        TableActivityClaimStore Create() =>
            new(new TableProvider(new TableServiceClient(connection), options), NullLogger<TableActivityClaimStore>.Instance);
        var table = new TableProvider(new TableServiceClient(connection), options).GetTable(TableActivityClaimStore.TableName);
        await table.CreateIfNotExistsAsync();
        return (Create(), Create(), table);
    }

    private sealed class Adapter(TableActivityClaimStore store) : IActivityClaims
    {
        public Task<bool> TryClaimAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
            store.TryClaimAsync(key, now, Window, cancellationToken);

        public Task ReleaseAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) => store.ReleaseAsync(key, now, cancellationToken);
    }

    private sealed class FailingClaims(bool hang) : IActivityClaims
    {
        public Task<bool> TryClaimAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
            hang ? new TaskCompletionSource<bool>().Task : throw new InvalidOperationException("Storage is down.");

        public Task ReleaseAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
