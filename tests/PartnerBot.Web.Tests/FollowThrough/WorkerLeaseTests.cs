using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Web.FollowThrough.Delivery;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>The background worker's planning lease and its two loops, over Azurite, with a planning pass the test holds open.</summary>
public class WorkerLeaseTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PlanOnce_PassOutlastsTheLease_LeaseIsRenewedAndNobodyElseTakesIt()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var world = new HeldWorld(new FakeWorld().AddWorkspace("lx", partners: 1, withHistory: false));
        var options = new DeliveryOptions { PlanInterval = TimeSpan.FromMinutes(3) };
        var worker = Worker(h, world, options, clock);
        var other = new TableLeaseStore(h.Tables, clock);

        var pass = worker.PlanOnceAsync("a", default);
        await WaitUntilAsync(() => world.Listing);

        // Three times the lease's length, 20 s at a time: the lease in storage always reaches past now, and nobody else gets it.
        for (var step = 0; step < 27; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(20));
            var now = clock.GetUtcNow();
            var bound = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (await ExpiresAt(h, FollowThroughWorker.PlanLease) <= now + TimeSpan.FromSeconds(20))
            {
                Assert.True(DateTime.UtcNow < bound, "The lease was not renewed within 20 s.");
                await Task.WhenAny(pass, Task.Delay(20));
            }

            Assert.False(await other.TryAcquireAsync(FollowThroughWorker.PlanLease, "b", options.PlanInterval, default));
            Assert.False(pass.IsCompleted);
        }

        world.Release();
        var result = await pass.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(result);
        Assert.Equal(1, result.Workspaces);
    }

    [Fact]
    public async Task PlanOnce_LeaseTakenOverMidPass_PassStops()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var clock = new FakeTimeProvider(Start);
        var world = new HeldWorld(new FakeWorld().AddWorkspace("lx", partners: 1, withHistory: false));
        var options = new DeliveryOptions { PlanInterval = TimeSpan.FromMinutes(3) };
        var worker = Worker(h, world, options, clock);

        var pass = worker.PlanOnceAsync("a", default);
        await WaitUntilAsync(() => world.Listing);
        // Someone else holds it now (as after an outage that outlasted it): the next renewal finds that out.
        var table = h.Tables.GetTable(TableLeaseStore.TableName);
        await table.UpsertEntityAsync(new TableEntity("lease", FollowThroughWorker.PlanLease) { ["Owner"] = "b", ["ExpiresAt"] = Start + TimeSpan.FromHours(1) }, TableUpdateMode.Replace);
        await DriveAsync(clock, pass, TimeSpan.FromSeconds(30));

        Assert.Null(await pass);
        Assert.True(world.Cancelled);
    }

    [Fact]
    public async Task Worker_PlanInProgress_DrainStillDelivers()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new HeldWorld(new FakeWorld().AddWorkspace("dx", partners: 1, withHistory: false));
        var options = new DeliveryOptions { PollInterval = TimeSpan.FromMilliseconds(200) };
        var signal = new DispatchSignal();
        var worker = Worker(h, world, options, TimeProvider.System, signal);
        var (workspace, user) = h.AddPeople(1, 1)[0];

        await worker.StartAsync(default);
        try
        {
            await WaitUntilAsync(() => world.Listing);
            await new OutboxMessenger(h.Outbox, TimeProvider.System, signal).SendAsync(workspace, user, DeliveryHarness.Card("hello"), "beside-plan", default);

            await WaitUntilAsync(() => h.Connector.Received.Any(r => r.IdempotencyKey == "beside-plan"));
            Assert.True(world.Listing, "the planning pass is still open");
        }
        finally
        {
            world.Release();
            await worker.StopAsync(default);
        }
    }

    private static async Task<DateTimeOffset> ExpiresAt(DeliveryHarness h, string lease)
    {
        var row = await h.Tables.GetTable(TableLeaseStore.TableName).GetEntityAsync<TableEntity>("lease", lease);
        return row.Value.GetDateTimeOffset("ExpiresAt")!.Value;
    }

    private static FollowThroughWorker Worker(DeliveryHarness h, HeldWorld world, DeliveryOptions options, TimeProvider clock, DispatchSignal? signal = null)
    {
        var fake = world.Inner;
        var planner = new FollowThroughPlanner(world, fake, fake, new TableFollowThroughSettingsStore(h.Tables), h.Outbox,
            new DigestService(fake, fake, fake, h.References, h.Outbox, new DigestNarrative(new RuleBasedDigestNarrator())), h.NewMessenger(), NullLogger<FollowThroughPlanner>.Instance);
        var services = new ServiceCollection()
            .AddSingleton(planner)
            .AddSingleton(h.NewDispatcher("worker", options))
            .BuildServiceProvider();
        return new FollowThroughWorker(services, new TableLeaseStore(h.Tables, clock), signal ?? new DispatchSignal(), Options.Create(options), clock, NullLogger<FollowThroughWorker>.Instance);
    }

    /// <summary>Workspaces whose listing the test holds open, so a planning pass lasts as long as the test wants.</summary>
    private sealed class HeldWorld(FakeWorld inner) : IWorkspaceStore
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool listing;
        private volatile bool cancelled;

        public FakeWorld Inner { get; } = inner;

        public bool Listing => listing;

        public bool Cancelled => cancelled;

        public void Release() => released.TrySetResult();

        public Task<Stored<Workspace>?> GetAsync(WorkspaceKey key, CancellationToken cancellationToken) => ((IWorkspaceStore)Inner).GetAsync(key, cancellationToken);

        public Task CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken) => ((IWorkspaceStore)Inner).CreateAsync(workspace, firstAdmin, cancellationToken);

        public Task<Stored<Workspace>> SaveAsync(Workspace workspace, string etag, CancellationToken cancellationToken) => ((IWorkspaceStore)Inner).SaveAsync(workspace, etag, cancellationToken);

        public async IAsyncEnumerable<Workspace> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            listing = true;
            try
            {
                await released.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
            finally
            {
                listing = false;
            }

            await foreach (var w in ((IWorkspaceStore)Inner).ListAllAsync(cancellationToken))
            {
                yield return w;
            }
        }
    }

    /// <summary>Moves the clock in steps until <paramref name="task"/> ends, letting its continuations run between steps; bounded.</summary>
    private static async Task DriveAsync(FakeTimeProvider clock, Task task, TimeSpan step)
    {
        for (var i = 0; i < 200 && !task.IsCompleted; i++)
        {
            clock.Advance(step);
            await Task.WhenAny(task, Task.Delay(20));
        }

        Assert.True(task.IsCompleted, "Still not done after 200 steps of the clock.");
    }

    /// <summary>Waits for a condition another task makes true; fails after 20 s.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var bound = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < bound, "The condition did not hold within 20 s.");
            await Task.Delay(5);
        }
    }
}
