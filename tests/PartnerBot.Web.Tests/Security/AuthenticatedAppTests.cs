using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Auth;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Security;

/// <summary>
/// The whole app with authentication on, attacked as an outsider would: nothing that a token does not vouch for
/// may create a workspace, store a person or send a reply.
/// </summary>
public sealed class AuthenticatedAppTests : IDisposable
{
    private const string AppId = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f";
    private const string BotTenant = "0c4e8a1b-2d3f-4a5b-8c9d-e0f1a2b3c4d5";
    private readonly TestTokenIssuer issuer = new(AppId, "msteams", "webchat", "directline");

    [Fact]
    public async Task EntraTokenFromAnotherAppOfTheTenant_Returns401AndCreatesNoWorkspace()
    {
        await using var factory = await StartAsync();
        var t = Person(factory);

        using var response = await PostAsync(t, t.Message("help"), issuer.CreateEntraToken(BotTenant, "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingHappenedAsync(factory, t);
    }

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    public async Task GenuineTokenOfAnotherChannelNamingATeamsTenant_Returns403AndCreatesNoWorkspace(string channel)
    {
        await using var factory = await StartAsync();
        var t = Person(factory);
        var message = t.Message("help");
        message.ChannelId = channel;

        using var response = await PostAsync(t, message, issuer.CreateToken(t.Identity.ServiceUrl));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertNothingHappenedAsync(factory, t);
    }

    [Fact]
    public async Task TeamsActivityWithoutAnEntraUser_IsIgnoredAndStoresNothing()
    {
        await using var factory = await StartAsync();
        var t = Person(factory);
        var message = t.Message("help");
        message.From!.AadObjectId = null;

        using var response = await PostAsync(t, message, issuer.CreateToken(t.Identity.ServiceUrl));
        await factory.Turns.WaitAsync(message.Id!, Transcript.TurnTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertNothingHappenedAsync(factory, t);
    }

    [Fact]
    public async Task GenuineTeamsActivity_IsAnswered()
    {
        await using var factory = await StartAsync();
        var t = Person(factory);
        var message = t.Message("help");

        using var response = await PostAsync(t, message, issuer.CreateToken(t.Identity.ServiceUrl));
        await factory.Turns.WaitAsync(message.Id!, Transcript.TurnTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(t.Replies);
        Assert.All(factory.Connector.Calls, c => Assert.Equal(t.Identity.ServiceUrl, c.ServiceUrl));
    }

    public void Dispose() => issuer.Dispose();

    private static Transcript Person(PartnerBotFactory factory) =>
        factory.Transcript(TranscriptIdentity.Create("Mallory", "tenant-" + Guid.NewGuid().ToString("N")[..8]) with
        {
            ServiceUrl = "https://smba.trafficmanager.net/amer/",
        });

    private static async Task<HttpResponseMessage> PostAsync(Transcript t, Activity activity, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = JsonContent.Create(activity, options: ProtocolJson.Options),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await t.Factory.Http.SendAsync(request);
    }

    private static async Task AssertNothingHappenedAsync(PartnerBotFactory factory, Transcript t)
    {
        Assert.Empty(factory.Connector.Calls);
        var workspaces = factory.Services.GetRequiredService<IWorkspaceStore>();
        Assert.Null(await workspaces.GetAsync(WorkspaceKey.DefaultFor(t.Identity.TenantId), CancellationToken.None));
    }

    private Task<PartnerBotFactory> StartAsync() => PartnerBotFactory.CreateAsync(o =>
    {
        o.Settings["Bot:AppId"] = AppId;
        o.Settings["Bot:AppType"] = "SingleTenant";
        o.Settings["Bot:TenantId"] = BotTenant;
        o.Settings["Bot:AppPassword"] = "not-used-in-these-tests";
        o.Settings["Bot:OpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl;
        o.Settings["Bot:EntraOpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl;
        o.ConfigureServices = services =>
            services.AddHttpClient(BotHttpClients.OpenIdMetadata).ConfigurePrimaryHttpMessageHandler(() => issuer.Handler);
    });
}
