using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Tests.Auth;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;
using PartnerBot.Web.FollowThrough.Handlers;

namespace PartnerBot.Web.Tests.Edge;

/// <summary>
/// The edge's rate limits over the whole app: a burst above a limit gets 429 with Retry-After and nobody else notices.
/// The window is an hour, so only the burst decides; no test waits for a window to pass.
/// </summary>
public sealed class RateLimitTests : IDisposable
{
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");
    private readonly TestTokenIssuer issuer = new(EdgeRequests.AppId, "msteams");

    [Fact]
    public async Task Messages_TenantBurstAboveItsLimit_Gets429WithRetryAfter_AnotherTenantIsStillAnswered()
    {
        await using var factory = await EdgeRequests.StartAuthenticatedAsync(issuer, EdgeRequests.Limits(("MessagesPerTenant", 3)));
        var busy = Person(factory, "Busy");
        var other = Person(factory, "Other");

        for (var i = 0; i < 3; i++)
        {
            var accepted = busy.Message("help");
            using var ok = await PostAsync(busy, accepted);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            await factory.Turns.WaitAsync(accepted.Id!, Transcript.TurnTimeout);
        }

        using var limited = await PostAsync(busy, busy.Message("help"));
        var answered = other.Message("help");
        using var otherTenant = await PostAsync(other, answered);
        await factory.Turns.WaitAsync(answered.Id!, Transcript.TurnTimeout);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 3600);
        Assert.Equal(HttpStatusCode.OK, otherTenant.StatusCode);
        Assert.NotEmpty(other.Replies);
    }

    [Fact]
    public async Task Messages_ForgedRequestsNamingATenant_DoNotSpendThatTenantsLimit()
    {
        await using var factory = await EdgeRequests.StartAuthenticatedAsync(issuer, EdgeRequests.Limits(("MessagesPerTenant", 2)));
        var victim = Person(factory, "Victim");

        // An outsider floods with bodies naming the victim's tenant and tokens nobody issued.
        for (var i = 0; i < 5; i++)
        {
            using var forged = await PostAsync(victim, victim.Message("help"), "forged.token.value");
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        var genuine = victim.Message("help");
        using var response = await PostAsync(victim, genuine);
        await factory.Turns.WaitAsync(genuine.Id!, Transcript.TurnTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(victim.Replies);
    }

    [Fact]
    public async Task Messages_OneClientAboveItsLimit_Gets429BeforeAnyTokenCheck_OtherClientsDoNot()
    {
        await using var factory = await EdgeRequests.StartAuthenticatedAsync(issuer, EdgeRequests.Limits(("MessagesPerClient", 3)));

        var refused = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            refused.Add((await EdgeRequests.PostUnauthenticatedAsync(factory, Client)).Status);
        }

        var limited = await EdgeRequests.PostUnauthenticatedAsync(factory, Client);
        var otherClient = await EdgeRequests.PostUnauthenticatedAsync(factory, IPAddress.Parse("198.51.100.20"));

        Assert.All(refused, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.InRange(limited.RetryAfterSeconds, 1, 3600);
        Assert.Contains("\"429\"", limited.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, otherClient.Status);
    }

    [Fact]
    public async Task Messages_AllClientsTogetherAboveTheOverallLimit_Get429()
    {
        await using var factory = await EdgeRequests.StartAuthenticatedAsync(issuer, EdgeRequests.Limits(("Messages", 4)));

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 5; i++)
        {
            statuses.Add((await EdgeRequests.PostUnauthenticatedAsync(factory, IPAddress.Parse("198.51.100." + i))).Status);
        }

        var health = await EdgeRequests.SendAsync(factory, "GET", "/alive", Client);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, health.Status);
    }

    [Fact]
    public async Task Messages_AClientOverItsOwnLimit_SpendsNothingOfTheOverallLimit()
    {
        await using var factory = await EdgeRequests.StartAuthenticatedAsync(issuer, EdgeRequests.Limits(("Messages", 3), ("MessagesPerClient", 1)));

        var flood = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            flood.Add((await EdgeRequests.PostUnauthenticatedAsync(factory, Client)).Status);
        }

        var second = await EdgeRequests.PostUnauthenticatedAsync(factory, IPAddress.Parse("198.51.100.1"));
        var third = await EdgeRequests.PostUnauthenticatedAsync(factory, IPAddress.Parse("198.51.100.2"));
        var fourth = await EdgeRequests.PostUnauthenticatedAsync(factory, IPAddress.Parse("198.51.100.3"));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], flood);
        Assert.Equal(HttpStatusCode.Unauthorized, second.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, third.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.Status);
    }

    [Fact]
    public async Task Export_BurstOnOneLink_Gets429WithRetryAfter_AnotherManagersLinkStillWorks()
    {
        await using var app = await PartnerBotFactory.CreateAsync(o => EdgeRequests.Apply(o, EdgeRequests.Limits(("ExportsPerLink", 2))));
        var anaLink = await ManagerLinkAsync(app, "Ana");
        var benLink = await ManagerLinkAsync(app, "Ben");
        Assert.NotEqual(anaLink, benLink);

        using var first = await app.Http.GetAsync(anaLink);
        using var second = await app.Http.GetAsync(anaLink);
        using var third = await app.Http.GetAsync(anaLink);
        using var ben = await app.Http.GetAsync(benLink);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.InRange(third.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 3600);
        Assert.Equal("text/plain", third.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many requests", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(third.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.OK, ben.StatusCode);
        Assert.Equal("text/csv", ben.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(ExportEndpoint.Path)]
    [InlineData(WorkspaceExportEndpoint.Path)]
    public async Task Export_OneClientTryingManyTokens_Gets429(string path)
    {
        await using var app = await PartnerBotFactory.CreateAsync(o => EdgeRequests.Apply(o, EdgeRequests.Limits(("ExportsPerClient", 3))));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await EdgeRequests.SendAsync(app, "GET", path + "?token=bm90.guess" + i, Client)).Status);
        }

        var elsewhere = await EdgeRequests.SendAsync(app, "GET", path + "?token=bm90.guess", IPAddress.Parse("198.51.100.9"));

        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Status);
    }

    [Theory]
    [InlineData("WindowSeconds", "0")]
    [InlineData("MessagesPerTenant", "0")]
    [InlineData("ExportsPerLink", "-1")]
    public async Task Start_LimitOutOfRange_FailsNamingTheSetting(string key, string value)
    {
        var error = Assert.IsAssignableFrom<Exception>(await PartnerBotFactory.StartupErrorAsync(o => o.Settings["Edge:RateLimits:" + key] = value));

        Assert.Contains($"Edge:RateLimits:{key} (env Edge__RateLimits__{key})", Flatten(error), StringComparison.Ordinal);
    }

    public void Dispose() => issuer.Dispose();

    private static Transcript Person(PartnerBotFactory factory, string name) =>
        factory.Transcript(TranscriptIdentity.Create(name, "tenant-" + Guid.NewGuid().ToString("N")[..8]) with
        {
            ServiceUrl = "https://smba.trafficmanager.net/amer/",
        });

    private async Task<HttpResponseMessage> PostAsync(Transcript t, Activity activity, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = JsonContent.Create(activity, options: ProtocolJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? issuer.CreateToken(t.Identity.ServiceUrl));
        return await t.Factory.Http.SendAsync(request);
    }

    /// <summary>A person who is the first in a new workspace, hence its manager, and an export link made for them.</summary>
    private static async Task<string> ManagerLinkAsync(PartnerBotFactory app, string name)
    {
        var person = app.Transcript(name);
        await person.Send("help");
        var ws = WorkspaceKey.DefaultFor(person.Identity.TenantId);
        var manager = Assert.Single(await app.Services.GetRequiredService<IMemberStore>().ListAsync(ws, default));
        Assert.NotEqual(WorkspaceRole.Staff, manager.Role);
        return new Uri(app.Services.GetRequiredService<ExportLinks>().Create(ws, manager.UserId)).PathAndQuery;
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
