using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Authentication;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Security;

/// <summary>Where the real app sends replies, and what a person gets when the bot cannot get its own token.</summary>
public sealed class OutboundTrustTests
{
    private const string Teams = "https://smba.trafficmanager.net/amer/";

    [Fact]
    public async Task Message_BotTokenUnavailable_TurnEndsWithoutA500AndNothingIsSent()
    {
        var outbound = new RecordingHandler();
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.RecordConnector = false;
            o.ConfigureServices = services =>
            {
                services.AddSingleton<IBotTokenProvider, FailingTokenProvider>();
                services.AddHttpClient(BotHttpClients.Connector).ConfigurePrimaryHttpMessageHandler(() => outbound);
            };
        });
        var t = factory.Transcript(TranscriptIdentity.Create("Ada", "tenant-" + Guid.NewGuid().ToString("N")[..8]) with { ServiceUrl = Teams });

        var message = t.Message("help");
        using var response = await t.Post(message);
        await factory.Turns.WaitAsync(message.Id!, Transcript.TurnTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(outbound.Requests);
    }

    [Fact]
    public async Task Invoke_BotTokenUnavailable_ThePersonSeesTheApologyInTheInvokeResponse()
    {
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.RecordConnector = false;
            o.ConfigureServices = services =>
            {
                services.AddSingleton<IBotTokenProvider, FailingTokenProvider>();
                services.AddHttpClient(BotHttpClients.Connector).ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler());
            };
        });
        var t = factory.Transcript(TranscriptIdentity.Create("Ada", "tenant-" + Guid.NewGuid().ToString("N")[..8]) with { ServiceUrl = Teams });

        var (status, body) = await t.SendInvoke("adaptiveCard/action", new JsonObject
        {
            // A navigation button: its result goes as a message, which needs the bot's token.
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "command", ["data"] = new JsonObject { ["action"] = "command", ["command"] = "help" } },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Sorry", body?.ToJsonString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task BoundServiceUrl_IsStillTrustedAfterARestart_AndALookalikeIsNot()
    {
        const string gcc = "https://smba.infra.gcc.teams.example/gcc/";
        var factory = await PartnerBotFactory.CreateAsync();
        Assert.True(await factory.Services.GetRequiredService<TrustedServiceUrls>().BindAsync(gcc, CancellationToken.None));

        await using var restarted = await factory.RestartAsync();
        var trusted = restarted.Services.GetRequiredService<TrustedServiceUrls>();

        Assert.True(await trusted.IsTrustedAsync(gcc, CancellationToken.None));
        Assert.True(await trusted.IsTrustedAsync("https://SMBA.infra.gcc.teams.example/gcc", CancellationToken.None));
        Assert.False(await trusted.IsTrustedAsync("https://smba.infra.gcc.teams.example.attacker.example/gcc/", CancellationToken.None));
        Assert.False(await trusted.IsTrustedAsync("https://attacker.example/gcc/", CancellationToken.None));
    }

    private sealed class FailingTokenProvider : IBotTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("AADSTS7000215: Invalid client secret provided.");
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<Uri> Requests { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"id\":\"1:x\"}") });
        }
    }
}
