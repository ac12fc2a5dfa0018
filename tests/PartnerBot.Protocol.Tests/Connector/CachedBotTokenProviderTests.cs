using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Connector;

public sealed class CachedBotTokenProviderTests
{
    [Fact]
    public async Task GetToken_ManyConcurrentCallers_AcquiresOnce()
    {
        var clock = new InstantTimeProvider();
        var acquisitions = 0;
        var provider = new CachedBotTokenProvider(
            async ct =>
            {
                Interlocked.Increment(ref acquisitions);
                await Task.Yield();
                return ("token-1", clock.Now.AddHours(1));
            },
            clock);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => provider.GetTokenAsync(CancellationToken.None)));

        Assert.All(tokens, t => Assert.Equal("token-1", t));
        Assert.Equal(1, acquisitions);
    }

    [Fact]
    public async Task GetToken_NearExpiry_AcquiresNewToken()
    {
        var clock = new InstantTimeProvider();
        var acquisitions = 0;
        var provider = new CachedBotTokenProvider(
            _ => Task.FromResult(("token-" + Interlocked.Increment(ref acquisitions), clock.Now.AddHours(1))),
            clock);

        var first = await provider.GetTokenAsync(CancellationToken.None);
        clock.Now = clock.Now.AddMinutes(56);
        var second = await provider.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-1", first);
        Assert.Equal("token-2", second);
    }

    [Fact]
    public async Task GetToken_DevelopmentMode_ReturnsNull()
    {
        var provider = new CachedBotTokenProvider(acquire: null, new InstantTimeProvider());

        Assert.Null(await provider.GetTokenAsync(CancellationToken.None));
    }
}
