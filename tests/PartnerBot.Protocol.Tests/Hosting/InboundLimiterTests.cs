using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Hosting;

/// <summary>The endpoint asks an <see cref="IInboundActivityLimiter"/> about accepted activities only, and answers 429 with Retry-After.</summary>
public sealed class InboundLimiterTests
{
    private const string BusyTenant = "0b5e1d2c-0000-4000-8000-00000000b05e";

    private readonly RecordingBot bot = new();
    private readonly TenantLimiter limiter = new(BusyTenant, TimeSpan.FromSeconds(41.2));

    [Fact]
    public async Task Post_TenantOverItsLimit_Returns429WithRetryAfter_AndNothingReachesTheBot()
    {
        await using var host = await StartAsync();
        var busy = InTenant(TeamsActivities.Message(id: "busy-1"), BusyTenant);

        using var response = await host.Client.SendAsync(TeamsActivities.Post(busy));

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(42), response.Headers.RetryAfter?.Delta);
        Assert.Empty(bot.Received);
        Assert.Equal([BusyTenant], limiter.Asked);
    }

    [Fact]
    public async Task Post_AnotherTenant_ReachesTheBot()
    {
        await using var host = await StartAsync();

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message(id: "calm-1")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("calm-1", Assert.Single(bot.Received).Id);
    }

    [Fact]
    public async Task Post_RefusedBeforeAcceptance_NeverAsksTheLimiter()
    {
        await using var host = await StartAsync();
        var noConversation = InTenant(TeamsActivities.Message(id: "bad-1"), BusyTenant);
        noConversation.Remove("conversation");

        using var response = await host.Client.SendAsync(TeamsActivities.Post(noConversation));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(limiter.Asked);
    }

    private Task<TestBotHost> StartAsync() =>
        TestBotHost.StartAsync(bot, configure: services => services.AddSingleton<IInboundActivityLimiter>(limiter));

    private static JsonObject InTenant(JsonObject activity, string tenant)
    {
        activity["conversation"]!["tenantId"] = tenant;
        activity["channelData"]!["tenant"]!["id"] = tenant;
        return activity;
    }

    /// <summary>Refuses one tenant, with a fixed wait; records every tenant it is asked about.</summary>
    private sealed class TenantLimiter(string refused, TimeSpan wait) : IInboundActivityLimiter
    {
        private readonly ConcurrentQueue<string?> asked = new();

        public IReadOnlyList<string?> Asked => [.. asked];

        public TimeSpan? TryAcquire(Activity activity)
        {
            asked.Enqueue(activity.GetTenantId());
            return activity.GetTenantId() == refused ? wait : null;
        }
    }
}
