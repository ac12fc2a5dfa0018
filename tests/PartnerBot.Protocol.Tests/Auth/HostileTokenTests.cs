using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using PartnerBot.Protocol.Authentication;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Auth;

/// <summary>
/// Tokens and activities as an attacker would send them to a bot with authentication on (single-tenant, as
/// deployed). The bot answers every activity that reaches it, so a refusal is proven three ways: the status, an
/// empty bot, and not one outbound request (nor a request for the bot's own token) from the connector.
/// </summary>
public sealed class HostileTokenTests : IDisposable
{
    private const string AppId = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f";
    private const string TenantId = "0c4e8a1b-2d3f-4a5b-8c9d-e0f1a2b3c4d5";
    private const string OtherApp = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b";
    private const string SkillApp = "3a3a3a3a-1b1b-4c4c-8d8d-5e5e5e5e5e5e";
    private const string Foreign = "https://attacker.example/collect/";
    private const string Teams = TeamsActivities.ServiceUrl;

    // The key set endorses Web Chat and Direct Line too, as the real one does.
    private readonly TestTokenIssuer issuer = new(AppId, "msteams", "webchat", "directline");
    private readonly StubHttpHandler outbound = new((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
    {
        Content = new StringContent("{\"id\":\"1:reply\"}", Encoding.UTF8, "application/json"),
    });

    private readonly CountingTokenProvider botTokens = new();
    private readonly RecordingBot bot;

    public HostileTokenTests()
    {
        // Every activity that gets through is answered, so a leak would show as an outbound request.
        bot = new RecordingBot((context, ct) => context.SendActivityAsync(new PartnerBot.Protocol.Activities.Activity { Type = "message", Text = "Hello" }, ct));
    }

    public static TheoryData<string> RefusedCases() =>
    [
        "entra v2 from another app of the tenant",
        "entra v1 from another app of the tenant",
        "entra v2 with no requester claim",
        "entra v1 with no requester claim",
        "entra v2 whose requester is in appid, not azp",
        "entra v1 whose requester is in azp, not appid",
        "entra v2 claiming version 1.0",
        "entra v2 with no version claim",
        "entra from the bot itself naming a foreign serviceUrl",
        "entra from the bot itself whose serviceurl claim names a foreign serviceUrl",
        "entra from the bot itself with a serviceurl claim that differs from the activity",
        "entra from another tenant's issuer",
        "entra from the bot itself over plain http",
        "channel token without serviceurl claim",
        "channel token bound to a foreign serviceUrl, activity names Teams",
        "channel token for an http serviceUrl",
        "channel token for a serviceUrl with user info",
        "known key id, other key's signature",
        "kid header of the wrong JSON type",
        "jku header pointing at the attacker",
        "issuer with a trailing slash",
        "no expiry",
        "encrypted token shape",
        "two bearer tokens",
        "token in the query string only",
    ];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task Post_HostileToken_Returns401AndNothingReachesBotOrAnyAddress(string attack)
    {
        await using var host = await StartAsync();
        var activity = TeamsActivities.Message();
        string? header;
        var path = "/api/messages";
        switch (attack)
        {
            case "entra v2 from another app of the tenant":
                header = Bearer(issuer.CreateEntraToken(TenantId, OtherApp));
                break;
            case "entra v1 from another app of the tenant":
                header = Bearer(issuer.CreateEntraToken(TenantId, OtherApp, v2: false));
                break;
            case "entra v2 with no requester claim":
                header = Bearer(issuer.CreateEntraToken(TenantId, requester: null));
                break;
            case "entra v1 with no requester claim":
                header = Bearer(issuer.CreateEntraToken(TenantId, requester: null, v2: false));
                break;
            case "entra v2 whose requester is in appid, not azp":
                header = Bearer(issuer.CreateToken(null, issuer: V2Issuer, claims: new Dictionary<string, object> { ["ver"] = "2.0", ["appid"] = AppId }));
                break;
            case "entra v1 whose requester is in azp, not appid":
                header = Bearer(issuer.CreateToken(null, issuer: V1Issuer, claims: new Dictionary<string, object> { ["ver"] = "1.0", ["azp"] = AppId }));
                break;
            case "entra v2 claiming version 1.0":
                header = Bearer(issuer.CreateEntraToken(TenantId, AppId, version: "1.0"));
                break;
            case "entra v2 with no version claim":
                header = Bearer(issuer.CreateToken(null, issuer: V2Issuer, claims: new Dictionary<string, object> { ["azp"] = AppId }));
                break;
            case "entra from the bot itself naming a foreign serviceUrl":
                activity = TeamsActivities.Message(serviceUrl: Foreign);
                header = Bearer(issuer.CreateEntraToken(TenantId, AppId));
                break;
            case "entra from the bot itself whose serviceurl claim names a foreign serviceUrl":
                activity = TeamsActivities.Message(serviceUrl: Foreign);
                header = Bearer(issuer.CreateEntraToken(TenantId, AppId, serviceUrl: Foreign));
                break;
            case "entra from the bot itself with a serviceurl claim that differs from the activity":
                header = Bearer(issuer.CreateEntraToken(TenantId, AppId, serviceUrl: Foreign));
                break;
            case "entra from another tenant's issuer":
                header = Bearer(issuer.CreateEntraToken("11111111-2222-4333-8444-555555555555", AppId));
                break;
            case "entra from the bot itself over plain http":
                activity = TeamsActivities.Message(serviceUrl: "http://smba.trafficmanager.net/emea/");
                header = Bearer(issuer.CreateEntraToken(TenantId, AppId));
                break;
            case "channel token without serviceurl claim":
                header = Bearer(issuer.CreateToken(null));
                break;
            case "channel token bound to a foreign serviceUrl, activity names Teams":
                header = Bearer(issuer.CreateToken(Foreign));
                break;
            case "channel token for an http serviceUrl":
                activity = TeamsActivities.Message(serviceUrl: "http://attacker.example/");
                header = Bearer(issuer.CreateToken("http://attacker.example/"));
                break;
            case "channel token for a serviceUrl with user info":
                activity = TeamsActivities.Message(serviceUrl: "https://smba.trafficmanager.net@attacker.example/");
                header = Bearer(issuer.CreateToken("https://smba.trafficmanager.net@attacker.example/"));
                break;
            case "known key id, other key's signature":
                header = Bearer(issuer.CreateToken(Teams, key: new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = TestTokenIssuer.KeyId }));
                break;
            case "kid header of the wrong JSON type":
                header = Bearer(Forge(new JsonObject { ["alg"] = "RS256", ["kid"] = 42 }, Teams));
                break;
            case "jku header pointing at the attacker":
                header = Bearer(issuer.CreateToken(
                    Teams,
                    key: new RsaSecurityKey(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "attacker-key" },
                    headers: new Dictionary<string, object> { ["jku"] = Foreign + "keys" }));
                break;
            case "issuer with a trailing slash":
                header = Bearer(issuer.CreateToken(Teams, issuer: TestTokenIssuer.Issuer + "/"));
                break;
            case "no expiry":
                header = Bearer(Forge(new JsonObject { ["alg"] = "RS256", ["kid"] = TestTokenIssuer.KeyId }, Teams, withExpiry: false));
                break;
            case "encrypted token shape":
                header = "Bearer eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d";
                break;
            case "two bearer tokens":
                header = Bearer(issuer.CreateToken(Foreign)) + ", " + Bearer(issuer.CreateToken(Teams));
                break;
            case "token in the query string only":
                header = null;
                path = "/api/messages?access_token=" + issuer.CreateToken(Teams);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(attack), attack, "No such case.");
        }

        using var response = await host.Client.SendAsync(TeamsActivities.Post(activity, header, path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingGotThroughAsync(host);
    }

    public static TheoryData<string, string> OtherChannels() => new()
    {
        { "webchat", "a Web Chat user naming a Teams tenant" },
        { "directline", "a Direct Line client naming a Teams tenant" },
        { "slack", "a channel the key set does not endorse" },
    };

    [Theory]
    [MemberData(nameof(OtherChannels))]
    public async Task Post_GenuineChannelTokenOfAnotherChannel_IsRefusedAndNeverActsInATenant(string channel, string why)
    {
        await using var host = await StartAsync();
        var activity = TeamsActivities.Message(channelId: channel);

        using var response = await host.Client.SendAsync(TeamsActivities.Post(activity, Bearer(issuer.CreateToken(Teams))));

        // A key not endorsed for the channel is an authentication failure; an endorsed one is a channel we do not serve.
        Assert.Equal(channel == "slack" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(bot.Received.IsEmpty, why);
        Assert.Empty(outbound.Requests);
        Assert.Equal(0, botTokens.Requests);
    }

    [Fact]
    public async Task Post_TeamsActivityNamingTwoTenants_Returns403()
    {
        await using var host = await StartAsync();
        var activity = TeamsActivities.Message();
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "99999999-8888-4777-8666-555555555555" } };

        using var response = await host.Client.SendAsync(TeamsActivities.Post(activity, Bearer(issuer.CreateToken(Teams))));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(bot.Received);
        Assert.Empty(outbound.Requests);
    }

    [Theory]
    [InlineData("\"tenant-as-a-string\"")]
    [InlineData("{\"id\":5}")]
    [InlineData("[\"a\"]")]
    public async Task Post_ChannelDataTenantOfTheWrongType_Returns400(string tenant)
    {
        await using var host = await StartAsync();
        var body = TeamsActivities.Message().ToJsonString().Replace(
            "\"tenant\":{\"id\":\"" + TeamsActivities.TenantId + "\"}", "\"tenant\":" + tenant, StringComparison.Ordinal);

        using var response = await host.Client.SendAsync(TeamsActivities.PostRaw(body, "application/json", Bearer(issuer.CreateToken(Teams))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task Post_ChannelToken_ReachesBotAndRepliesGoToItsServiceUrlWithTheBotsToken()
    {
        await using var host = await StartAsync();

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateToken(Teams))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Received);
        var sent = Assert.Single(outbound.Requests);
        Assert.StartsWith(Teams, sent.Uri.ToString(), StringComparison.Ordinal);
        Assert.Equal("Bearer bot-token", sent.Authorization);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_EntraTokenFromTheBotItself_ReachesBotWhenItsServiceUrlIsTrusted(bool v2)
    {
        await using var host = await StartAsync();

        using var response = await host.Client.SendAsync(
            TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateEntraToken(TenantId, AppId, v2))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Received);
        Assert.StartsWith(Teams, Assert.Single(outbound.Requests).Uri.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_EntraTokenFromAnAllowedCaller_ReachesBot()
    {
        await using var host = await StartAsync(allowedCaller: SkillApp);

        using var response = await host.Client.SendAsync(
            TeamsActivities.Post(TeamsActivities.Message(), Bearer(issuer.CreateEntraToken(TenantId, SkillApp))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Received);
    }

    [Fact]
    public async Task Post_EntraTokenForARegionalUrlAChannelTokenBoundEarlier_ReachesBot()
    {
        const string gcc = "https://smba.infra.gcc.teams.example/gcc/";
        await using var host = await StartAsync();
        using (var refused = await host.Client.SendAsync(
            TeamsActivities.Post(TeamsActivities.Message(serviceUrl: gcc), Bearer(issuer.CreateEntraToken(TenantId, AppId)))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var bound = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message(serviceUrl: gcc), Bearer(issuer.CreateToken(gcc)))))
        {
            Assert.Equal(HttpStatusCode.OK, bound.StatusCode);
        }

        using var response = await host.Client.SendAsync(
            TeamsActivities.Post(TeamsActivities.Message(serviceUrl: gcc), Bearer(issuer.CreateEntraToken(TenantId, AppId))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, bot.Received.Count);
    }

    [Fact]
    public async Task BoundServiceUrl_IsTrustedByAnotherInstanceSharingTheRegistry()
    {
        const string regional = "https://smba.region.example/apac/";
        var shared = new RecordingRegistry();
        await using (var first = await StartAsync(registry: shared))
        {
            using var response = await first.Client.SendAsync(
                TeamsActivities.Post(TeamsActivities.Message(serviceUrl: regional), Bearer(issuer.CreateToken(regional))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var second = await StartAsync(registry: shared);
        var trusted = second.Services.GetRequiredService<TrustedServiceUrls>();

        Assert.True(await trusted.IsTrustedAsync(regional, CancellationToken.None));
        Assert.False(await trusted.IsTrustedAsync("https://smba.region.example/apac.attacker.example/", CancellationToken.None));
    }

    public void Dispose()
    {
        issuer.Dispose();
        outbound.Dispose();
    }

    private static string V2Issuer => $"https://login.microsoftonline.com/{TenantId}/v2.0";

    private static string V1Issuer => $"https://sts.windows.net/{TenantId}/";

    private static string Bearer(string token) => "Bearer " + token;

    /// <summary>A token with a hand-written header, signed by nobody we trust.</summary>
    private static string Forge(JsonObject header, string serviceUrl, bool withExpiry = true)
    {
        var payload = new JsonObject
        {
            ["iss"] = TestTokenIssuer.Issuer,
            ["aud"] = AppId,
            ["serviceurl"] = serviceUrl,
        };
        if (withExpiry)
        {
            payload["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        }

        return Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString()) + ".c2lnbmF0dXJl";
    }

    private async Task AssertNothingGotThroughAsync(TestBotHost host)
    {
        Assert.Empty(bot.Received);
        Assert.Empty(outbound.Requests);
        Assert.Equal(0, botTokens.Requests);
        var trusted = host.Services.GetRequiredService<TrustedServiceUrls>();
        Assert.False(await trusted.IsTrustedAsync(Foreign, CancellationToken.None));
        Assert.False(await trusted.IsTrustedAsync("https://attacker.example/", CancellationToken.None));
    }

    private Task<TestBotHost> StartAsync(string? allowedCaller = null, IServiceUrlRegistry? registry = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = TenantId,
            ["Bot:AppPassword"] = "not-used-in-these-tests",
            ["Bot:OpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl,
            ["Bot:EntraOpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl,
        };
        if (allowedCaller is not null)
        {
            settings["Bot:AllowedCallers:0"] = allowedCaller;
        }

        return TestBotHost.StartAsync(bot, settings, services =>
        {
            services.AddHttpClient(BotHttpClients.OpenIdMetadata).ConfigurePrimaryHttpMessageHandler(() => issuer.Handler);
            services.AddHttpClient(BotHttpClients.Connector).ConfigurePrimaryHttpMessageHandler(() => outbound);
            services.AddSingleton<IBotTokenProvider>(botTokens);
            if (registry is not null)
            {
                services.AddSingleton(registry);
            }
        });
    }

    private sealed class CountingTokenProvider : IBotTokenProvider
    {
        private int requests;

        public int Requests => Volatile.Read(ref requests);

        public Task<string?> GetTokenAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref requests);
            return Task.FromResult<string?>("bot-token");
        }
    }

    /// <summary>One registry for two hosts, as two instances share one table.</summary>
    private sealed class RecordingRegistry : IServiceUrlRegistry
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> urls = new();

        public Task<bool> ContainsAsync(string serviceUrl, CancellationToken cancellationToken) => Task.FromResult(urls.ContainsKey(serviceUrl));

        public Task AddAsync(string serviceUrl, CancellationToken cancellationToken)
        {
            urls.TryAdd(serviceUrl, 0);
            return Task.CompletedTask;
        }
    }
}
