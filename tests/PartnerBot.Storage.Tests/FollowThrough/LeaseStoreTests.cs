using Microsoft.Extensions.Time.Testing;
using PartnerBot.Storage.FollowThrough;

namespace PartnerBot.Storage.Tests.FollowThrough;

public class LeaseStoreTests
{
    [Fact]
    public async Task TryAcquire_HeldByAnother_FailsUntilItExpires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var leases = new TableLeaseStore(await FollowThroughTables.CreateAsync(), clock);

        Assert.True(await leases.TryAcquireAsync("digest/run", "a", TimeSpan.FromMinutes(1), default));
        Assert.False(await leases.TryAcquireAsync("digest/run", "b", TimeSpan.FromMinutes(1), default));
        Assert.True(await leases.TryAcquireAsync("digest/run", "a", TimeSpan.FromMinutes(1), default));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await leases.TryAcquireAsync("digest/run", "b", TimeSpan.FromMinutes(1), default));
        Assert.False(await leases.TryAcquireAsync("digest/run", "a", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task TryAcquire_ManyContendersAtOnce_ExactlyOneWins()
    {
        var leases = new TableLeaseStore(await FollowThroughTables.CreateAsync(), TimeProvider.System);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => leases.TryAcquireAsync("tick", $"i{i}", TimeSpan.FromMinutes(1), default)));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Release_ByOwner_LetsOthersIn()
    {
        var leases = new TableLeaseStore(await FollowThroughTables.CreateAsync(), TimeProvider.System);
        await leases.TryAcquireAsync("tick", "a", TimeSpan.FromMinutes(5), default);

        await leases.ReleaseAsync("tick", "b", default);
        Assert.False(await leases.TryAcquireAsync("tick", "b", TimeSpan.FromMinutes(5), default));
        await leases.ReleaseAsync("tick", "a", default);
        Assert.True(await leases.TryAcquireAsync("tick", "b", TimeSpan.FromMinutes(5), default));
    }
}
