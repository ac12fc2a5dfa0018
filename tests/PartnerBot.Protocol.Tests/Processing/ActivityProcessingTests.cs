using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Bots;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Processing;

public sealed class ActivityProcessingTests
{
    [Fact]
    public async Task Post_SameActivityIdTwice_ProcessedOnce()
    {
        var bot = new RecordingBot();
        await using var host = await TestBotHost.StartAsync(bot);
        var activity = TeamsActivities.Message(id: "1763889242431");

        using var first = await host.Client.SendAsync(TeamsActivities.Post(activity));
        using var second = await host.Client.SendAsync(TeamsActivities.Post(activity));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Single(bot.Received);
    }

    [Fact]
    public async Task Post_SameIdInAnotherConversation_ProcessedBoth()
    {
        var bot = new RecordingBot();
        await using var host = await TestBotHost.StartAsync(bot);
        var first = TeamsActivities.Message(id: "42");
        var second = TeamsActivities.Message(id: "42");
        second["conversation"]!["id"] = "a:another-conversation";

        using (await host.Client.SendAsync(TeamsActivities.Post(first))) { }
        using (await host.Client.SendAsync(TeamsActivities.Post(second))) { }

        Assert.Equal(2, bot.Received.Count);
    }

    [Fact]
    public async Task Post_InvokeWithResponse_ReturnsItsStatusAndBody()
    {
        var bot = new RecordingBot((turn, _) =>
        {
            turn.InvokeResponse = new InvokeResponse(200, new JsonObject { ["statusCode"] = 200, ["type"] = "application/vnd.microsoft.activity.message", ["value"] = "Saved" });
            return Task.CompletedTask;
        });
        await using var host = await TestBotHost.StartAsync(bot);

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Invoke()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Saved", body?["value"]?.GetValue<string>());
    }

    [Fact]
    public async Task Post_InvokeWithoutResponse_Returns501()
    {
        await using var host = await TestBotHost.StartAsync(new RecordingBot());

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Invoke()));

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [Fact]
    public async Task Post_SlowTurn_AcknowledgesThenFinishesInBackground()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var replied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connector = new CapturingConnector();
        var bot = new RecordingBot(async (turn, ct) =>
        {
            await release.Task;
            await turn.SendActivityAsync(new Activity { Text = "Done at last" }, ct);
            replied.SetResult();
        });
        await using var host = await TestBotHost.StartAsync(
            bot,
            new Dictionary<string, string?> { ["Bot:AcknowledgeAfter"] = "00:00:00.200" },
            services => services.AddSingleton<IConnectorClient>(connector));

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Empty(connector.Calls);

        release.SetResult();
        await replied.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Done at last", Assert.Single(connector.Calls).Activity?.Text);
    }

    [Fact]
    public async Task Post_BotThrows_RetryOfSameActivityRunsAgain()
    {
        var attempts = 0;
        var bot = new RecordingBot((_, _) =>
            Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("first attempt fails") : Task.CompletedTask);
        await using var host = await TestBotHost.StartAsync(bot);
        var activity = TeamsActivities.Message(id: "retry-me");

        using var first = await host.Client.SendAsync(TeamsActivities.Post(activity));
        using var second = await host.Client.SendAsync(TeamsActivities.Post(activity));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, bot.Received.Count);
    }

    [Fact]
    public async Task SendActivity_FromTurn_RepliesWithAddressingOfInbound()
    {
        var connector = new CapturingConnector();
        var bot = new RecordingBot((turn, ct) => turn.SendActivityAsync(new Activity { Text = "Hello" }, ct));
        await using var host = await TestBotHost.StartAsync(bot, configure: services => services.AddSingleton<IConnectorClient>(connector));
        var inbound = TeamsActivities.Message(id: "inbound-1");

        using var response = await host.Client.SendAsync(TeamsActivities.Post(inbound));

        var call = Assert.Single(connector.Calls);
        Assert.Equal("reply", call.Call);
        Assert.Equal(TeamsActivities.ServiceUrl, call.ServiceUrl);
        Assert.Equal("a:1personal-conversation", call.ConversationId);
        Assert.Equal("inbound-1", call.ReplyToId);
        Assert.Equal("message", call.Activity?.Type);
        Assert.Equal("28:bot-app-id", call.Activity?.From?.Id);
        Assert.Equal("29:1user", call.Activity?.Recipient?.Id);
    }
}
