using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Authentication;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Auth;

public sealed class TokenMatrixTests : IDisposable
{
    private const string AppId = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f";
    private const string TenantId = "0c4e8a1b-2d3f-4a5b-8c9d-e0f1a2b3c4d5";
    private readonly TestTokenIssuer issuer = new(AppId, "msteams");
    private readonly RecordingBot bot = new();

    public static TheoryData<string> RejectedCases() =>
    [
        "expired", "not yet valid", "wrong issuer", "wrong audience", "bad signature", "unknown key id",
        "alg none", "HS256 signed with the public key", "endorsement missing the channel", "serviceUrl claim mismatch",
        "missing header", "malformed header", "not a JWT", "token for another app id", "RS256 key used with PS256",
    ];

    [Fact]
    public async Task Post_ValidToken_ReachesBot()
    {
        await using var host = await StartAsync();
        var activity = TeamsActivities.Message();

        using var response = await host.Client.SendAsync(TeamsActivities.Post(activity, "Bearer " + issuer.CreateToken(TeamsActivities.ServiceUrl)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(bot.Received);
        Assert.Equal(activity["id"]!.GetValue<string>(), received.Id);
    }

    [Theory]
    [MemberData(nameof(RejectedCases))]
    public async Task Post_BadToken_Returns401AndNothingReachesBot(string problem)
    {
        await using var host = await StartAsync();
        var activity = TeamsActivities.Message();
        var url = TeamsActivities.ServiceUrl;
        var now = DateTimeOffset.UtcNow;
        string? header = problem switch
        {
            "expired" => Bearer(issuer.CreateToken(url, notBefore: now.AddHours(-2), expires: now.AddMinutes(-6))),
            "not yet valid" => Bearer(issuer.CreateToken(url, notBefore: now.AddMinutes(6), expires: now.AddHours(1))),
            "wrong issuer" => Bearer(issuer.CreateToken(url, issuer: "https://sts.windows.net/attacker/")),
            "wrong audience" => Bearer(issuer.CreateToken(url, audience: "https://api.botframework.com")),
            "bad signature" => Bearer(issuer.CreateTokenWithBadSignature(url)),
            "unknown key id" => Bearer(issuer.CreateTokenWithUnknownKey(url)),
            "alg none" => Bearer(issuer.CreateUnsignedToken(url)),
            "HS256 signed with the public key" => Bearer(issuer.CreateHmacTokenWithPublicKey(url)),
            "endorsement missing the channel" => Bearer(issuer.CreateToken(url)),
            "serviceUrl claim mismatch" => Bearer(issuer.CreateToken("https://attacker.example/")),
            "missing header" => null,
            "malformed header" => "Basic " + Convert.ToBase64String("user:pass"u8.ToArray()),
            "not a JWT" => "Bearer not.a.jwt",
            "token for another app id" => Bearer(issuer.CreateToken(url, audience: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b")),
            "RS256 key used with PS256" => Bearer(issuer.CreateToken(url, algorithm: Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSsaPssSha256)),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, "No such case."),
        };
        if (problem == "endorsement missing the channel")
        {
            activity["channelId"] = "slack";
        }

        using var response = await host.Client.SendAsync(TeamsActivities.Post(activity, header));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Received);
        Assert.False(await host.Services.GetRequiredService<TrustedServiceUrls>().IsTrustedAsync("https://attacker.example/", CancellationToken.None));
    }

    [Fact]
    public async Task Post_ValidToken_TrustsServiceUrlForOutboundTokens()
    {
        await using var host = await StartAsync();
        const string regional = "https://smba.region.example/apac/";
        var trusted = host.Services.GetRequiredService<TrustedServiceUrls>();
        Assert.False(await trusted.IsTrustedAsync(regional, CancellationToken.None));

        using var response = await host.Client.SendAsync(
            TeamsActivities.Post(TeamsActivities.Message(serviceUrl: regional), Bearer(issuer.CreateToken(regional))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await trusted.IsTrustedAsync(regional, CancellationToken.None));
    }

    [Fact]
    public async Task Post_ManyUnknownKeyIds_RefreshesMetadataAtMostOncePerInterval()
    {
        await using var host = await StartAsync();
        using (await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateToken(TeamsActivities.ServiceUrl))))) { }
        var afterFirstFetch = issuer.Handler.Requests.Count;

        for (var i = 0; i < 5; i++)
        {
            using var response = await host.Client.SendAsync(
                TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateTokenWithUnknownKey(TeamsActivities.ServiceUrl))));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(2, afterFirstFetch);
        Assert.Equal(afterFirstFetch, issuer.Handler.Requests.Count);
    }

    [Fact]
    public async Task Post_KeyRotated_UnknownKeyIdRefreshesKeysOnceIntervalPassed()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await StartAsync(clock: clock);
        using (await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateToken(TeamsActivities.ServiceUrl))))) { }
        issuer.PublishRotatedKey = true;

        using var tooSoon = await host.Client.SendAsync(
            TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateTokenWithUnknownKey(TeamsActivities.ServiceUrl))));
        clock.Now += TimeSpan.FromMinutes(6);
        using var afterInterval = await host.Client.SendAsync(
            TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateTokenWithUnknownKey(TeamsActivities.ServiceUrl))));

        Assert.Equal(HttpStatusCode.Unauthorized, tooSoon.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterInterval.StatusCode);
        Assert.Equal(4, issuer.Handler.Requests.Count);
        Assert.Equal(2, bot.Received.Count);
    }

    [Fact]
    public async Task Post_MetadataHostDown_Returns401AndDoesNotRefetchOnEveryRequest()
    {
        using var down = new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        await using var host = await StartAsync(metadataHandler: down);

        for (var i = 0; i < 3; i++)
        {
            using var response = await host.Client.SendAsync(
                TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateToken(TeamsActivities.ServiceUrl))));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Single(down.Requests);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task Post_EntraTokenFromTheBotItselfForConfiguredTenant_ReachesBot()
    {
        await using var host = await StartAsync(tenantId: TenantId);
        var token = issuer.CreateEntraToken(TenantId, requester: AppId);

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message(), Bearer(token)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Received);
    }

    [Fact]
    public async Task Post_EntraTokenWithoutConfiguredTenant_Returns401()
    {
        await using var host = await StartAsync();
        var token = issuer.CreateToken(TeamsActivities.ServiceUrl, issuer: $"https://login.microsoftonline.com/{TenantId}/v2.0");

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message(), Bearer(token)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    public void Dispose() => issuer.Dispose();

    private static string Bearer(string token) => "Bearer " + token;

    private Task<TestBotHost> StartAsync(string? tenantId = null, HttpMessageHandler? metadataHandler = null, TimeProvider? clock = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppType"] = tenantId is null ? "MultiTenant" : "SingleTenant",
            ["Bot:TenantId"] = tenantId,
            ["Bot:AppPassword"] = "not-used-in-these-tests",
            ["Bot:OpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl,
            ["Bot:EntraOpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl,
        };
        return TestBotHost.StartAsync(bot, settings, services =>
        {
            services.AddHttpClient(BotHttpClients.OpenIdMetadata).ConfigurePrimaryHttpMessageHandler(() => metadataHandler ?? issuer.Handler);
            services.AddSingleton<IBotTokenProvider, NoTokenProvider>();
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
    }

    /// <summary>A settable clock whose timers are real, so the acknowledgement deadline still works.</summary>
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class NoTokenProvider : IBotTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
