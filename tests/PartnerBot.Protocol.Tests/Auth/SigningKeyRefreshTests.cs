using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Auth;

/// <summary>A metadata host that hangs must never hold an inbound request once keys are cached.</summary>
public sealed class SigningKeyRefreshTests : IDisposable
{
    private const string AppId = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f";
    private readonly TestTokenIssuer issuer = new(AppId, "msteams");
    private readonly RecordingBot bot = new();
    private readonly SwitchableMetadataHost metadata;
    private readonly ManualClock clock = new(DateTimeOffset.UtcNow);

    public SigningKeyRefreshTests()
    {
        metadata = new SwitchableMetadataHost(issuer.Handler);
    }

    [Fact]
    public async Task Post_KeysStaleAndMetadataHostHanging_CompletesWithCachedKeysWhileTheRefreshHangs()
    {
        // A deadline far beyond these requests: had any waited for the refresh, it would still be waiting.
        await using var host = await StartAsync(timeout: "00:00:10");
        using (var first = await host.Client.SendAsync(Post(issuer.CreateToken(TeamsActivities.ServiceUrl))))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        metadata.Hang();
        clock.Now += TimeSpan.FromHours(13);

        // Each of these starts or meets a refresh that can only end when the test lets it.
        for (var i = 0; i < 3; i++)
        {
            var token = issuer.CreateToken(TeamsActivities.ServiceUrl, notBefore: clock.Now.AddMinutes(-1), expires: clock.Now.AddHours(1));
            using var response = await host.Client.SendAsync(Post(token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, metadata.Hanging);
        Assert.Equal(1, metadata.InFlight);
        Assert.Equal(4, bot.Received.Count);
        metadata.Release();
    }

    [Fact]
    public async Task Post_UnknownKeyWhileMetadataHostHangs_RefusedAfterOneBoundedWait()
    {
        await using var host = await StartAsync();
        using (await host.Client.SendAsync(Post(issuer.CreateToken(TeamsActivities.ServiceUrl)))) { }
        metadata.Hang();
        clock.Now += TimeSpan.FromMinutes(6);

        using var unknown = await host.Client.SendAsync(Post(issuer.CreateTokenWithUnknownKey(TeamsActivities.ServiceUrl)));
        using var again = await host.Client.SendAsync(Post(issuer.CreateTokenWithUnknownKey(TeamsActivities.ServiceUrl)));
        using var known = await host.Client.SendAsync(Post(issuer.CreateToken(TeamsActivities.ServiceUrl)));

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(1, metadata.Hanging);
        metadata.Release();
    }

    [Fact]
    public async Task Start_PlainHttpMetadataOutsideDevelopment_FailsNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(metadataUrl: "http://login.test.invalid/v1/.well-known/openidconfiguration"));

        Assert.Contains("Bot:OpenIdMetadataUrl must be an https URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MetadataPublishingAPlainHttpKeySet_KeysAreNotUsed()
    {
        var httpKeys = new StubHttpHandler((request, _) => request.RequestUri!.AbsolutePath.EndsWith("openidconfiguration", StringComparison.Ordinal)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"jwks_uri\":\"http://login.test.invalid/v1/keys\"}") }
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"keys\":[]}") });
        await using var host = await StartAsync(handler: httpKeys);

        using var response = await host.Client.SendAsync(Post(issuer.CreateToken(TeamsActivities.ServiceUrl)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(httpKeys.Requests, r => r.Uri.Scheme == "http");
    }

    public void Dispose()
    {
        metadata.Release();
        issuer.Dispose();
    }

    private static HttpRequestMessage Post(string token) => TeamsActivities.Post(TeamsActivities.Message(), "Bearer " + token);

    private Task<TestBotHost> StartAsync(string metadataUrl = TestTokenIssuer.MetadataUrl, HttpMessageHandler? handler = null, string timeout = "00:00:00.200") =>
        TestBotHost.StartAsync(
            bot,
            new Dictionary<string, string?>
            {
                ["Bot:AppId"] = AppId,
                ["Bot:AppType"] = "MultiTenant",
                ["Bot:AppPassword"] = "not-used-in-these-tests",
                ["Bot:OpenIdMetadataUrl"] = metadataUrl,
                ["Bot:OpenIdMetadataTimeout"] = timeout,
            },
            services =>
            {
                services.AddHttpClient(BotHttpClients.OpenIdMetadata).ConfigurePrimaryHttpMessageHandler(() => handler ?? metadata);
                services.AddSingleton<IBotTokenProvider, NoTokenProvider>();
                services.AddSingleton<TimeProvider>(clock);
            });

    /// <summary>Serves the issuer's metadata until told to hang; hanging requests end only on release (or cancellation).</summary>
    private sealed class SwitchableMetadataHost(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool hang;
        private int hanging;
        private int inFlight;

        /// <summary>Requests that hung, in all.</summary>
        public int Hanging => Volatile.Read(ref hanging);

        /// <summary>Requests hanging now.</summary>
        public int InFlight => Volatile.Read(ref inFlight);

        public void Hang() => hang = true;

        public void Release() => released.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (hang)
            {
                Interlocked.Increment(ref hanging);
                Interlocked.Increment(ref inFlight);
                try
                {
                    await released.Task.WaitAsync(cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref inFlight);
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>A settable clock whose timers are real, so deadlines still fire.</summary>
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
