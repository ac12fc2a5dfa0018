using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Connector;

/// <summary>
/// A rotated client secret reaches the token provider through a configuration reload: the cached token is dropped and
/// the next request to Entra (MSAL's real request, answered by a stub) carries the new secret, with no restart.
/// </summary>
public sealed class SecretRotationTests
{
    [Fact]
    public async Task GetToken_SecretChangedByConfigurationReload_NextRequestSendsNewSecret()
    {
        var (config, source) = Configuration(("Bot:AppPassword", "old-secret"));
        var (provider, entra) = Provider(config);

        var first = await provider.GetTokenAsync(CancellationToken.None);
        var cached = await provider.GetTokenAsync(CancellationToken.None);
        source.Set("Bot:AppPassword", "new-secret");
        var afterRotation = await provider.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-1", first);
        Assert.Equal("token-1", cached);
        Assert.Equal("token-2", afterRotation);
        var secrets = entra.TokenRequests().Select(ClientSecret).ToList();
        Assert.Equal(["old-secret", "new-secret"], secrets);
    }

    [Fact]
    public async Task GetToken_ReloadChangingOnlyOtherSettings_KeepsCachedToken()
    {
        var (config, source) = Configuration(("Bot:AppPassword", "the-secret"));
        var (provider, entra) = Provider(config);

        var first = await provider.GetTokenAsync(CancellationToken.None);
        source.Set("Bot:ConnectorMaxAttempts", "3");
        var second = await provider.GetTokenAsync(CancellationToken.None);

        Assert.Equal("token-1", first);
        Assert.Equal("token-1", second);
        Assert.Single(entra.TokenRequests());
    }

    private static (IConfigurationRoot Config, ReloadableSource Source) Configuration(params (string Key, string Value)[] extra)
    {
        var source = new ReloadableSource(new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f",
            ["Bot:AppType"] = BotAppTypes.SingleTenant,
            ["Bot:TenantId"] = "7d0c2b1a-3e4f-4a5b-8c9d-0e1f2a3b4c5d",
        });
        foreach (var (key, value) in extra)
        {
            source.Data[key] = value;
        }

        return (new ConfigurationBuilder().Add(source).Build(), source);
    }

    private static (CachedBotTokenProvider Provider, FakeEntra Entra) Provider(IConfiguration config)
    {
        var services = new ServiceCollection().AddBotFrameworkProtocol(config).BuildServiceProvider();
        var entra = new FakeEntra();
        var provider = new CachedBotTokenProvider(services.GetRequiredService<IOptionsMonitor<BotOptions>>(), new InstantTimeProvider(), entra);
        return (provider, entra);
    }

    private static string? ClientSecret(RecordedRequest request) =>
        (request.Body ?? "").Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == "client_secret").Select(p => Uri.UnescapeDataString(p[1])).SingleOrDefault();

    /// <summary>Entra's token endpoint as MSAL calls it: a token per request, numbered, valid for an hour.</summary>
    private sealed class FakeEntra : IMsalHttpClientFactory
    {
        private readonly StubHttpHandler handler;
        private readonly HttpClient client;
        private int issued;

        public FakeEntra()
        {
            handler = new StubHttpHandler((request, _) => Respond(request));
            client = new HttpClient(handler);
        }

        public HttpClient GetHttpClient() => client;

        public IReadOnlyList<RecordedRequest> TokenRequests() =>
            [.. handler.Requests.Where(r => r.Uri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))];

        private HttpResponseMessage Respond(HttpRequestMessage request)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
            {
                var token = "token-" + Interlocked.Increment(ref issued);
                return Json($$"""{"token_type":"Bearer","expires_in":3600,"ext_expires_in":3600,"access_token":"{{token}}"}""");
            }

            // Instance discovery, should MSAL ask for it.
            return Json("""{"tenant_discovery_endpoint":"https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration","api-version":"1.1","metadata":[{"preferred_network":"login.microsoftonline.com","preferred_cache":"login.windows.net","aliases":["login.microsoftonline.com","login.windows.net"]}]}""");
        }

        private static HttpResponseMessage Json(string body) =>
            new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }

    /// <summary>A configuration source whose values change at run time and signal a reload, as a refreshed secret store does.</summary>
    private sealed class ReloadableSource(Dictionary<string, string?> data) : IConfigurationSource
    {
        private Provider? provider;

        public Dictionary<string, string?> Data { get; } = data;

        public IConfigurationProvider Build(IConfigurationBuilder builder) => provider = new Provider(this);

        public void Set(string key, string value)
        {
            Data[key] = value;
            provider!.Reload();
        }

        private sealed class Provider(ReloadableSource source) : ConfigurationProvider
        {
            public override void Load() => Data = new Dictionary<string, string?>(source.Data, StringComparer.OrdinalIgnoreCase);

            public void Reload()
            {
                Load();
                OnReload();
            }
        }
    }
}
