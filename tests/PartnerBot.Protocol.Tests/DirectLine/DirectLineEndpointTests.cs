using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.DirectLine;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.DirectLine;

public sealed class DirectLineEndpointTests
{
    private const string Base = "/v3/directline";

    private readonly RecordingBot bot = new((turn, ct) =>
        turn.Activity.Type == ActivityTypes.Message
            ? turn.SendActivityAsync(new Activity { Text = "You said: " + turn.Activity.Text }, ct)
            : Task.CompletedTask);

    [Theory]
    [InlineData("203.0.113.9", null)]
    [InlineData("127.0.0.1", "X-Forwarded-For")]
    [InlineData("127.0.0.1", "X-Forwarded-Host")]
    [InlineData("::1", "Forwarded")]
    public async Task AnyCallNotFromThisMachine_Returns403AndNothingReachesBot(string remoteIp, string? forwardingHeader)
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);

        using var start = new HttpRequestMessage(HttpMethod.Post, Base + "/conversations");
        using var post = new HttpRequestMessage(HttpMethod.Post, $"{Base}/conversations/{started.ConversationId}/activities")
        {
            Content = JsonContent.Create(new { type = "message", text = "help", from = new { id = "dl_user" } }),
        };
        post.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", started.Token);
        foreach (var request in new[] { start, post })
        {
            request.Headers.Add(TestBotHost.RemoteIpHeader, remoteIp);
            if (forwardingHeader is not null)
            {
                request.Headers.TryAddWithoutValidation(forwardingHeader, "for=198.51.100.7");
            }

            using var response = await host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task StartConversation_ReturnsIdTokenAndExpiry()
    {
        await using var host = await TestBotHost.StartAsync(bot);

        var started = await StartAsync(host);

        Assert.False(string.IsNullOrEmpty(started.ConversationId));
        Assert.True(started.Token.Length >= 40);
        Assert.Equal(3600, started.ExpiresIn);
    }

    [Fact]
    public async Task PostActivity_EchoesUserActivityWithIdAndClientActivityIdThenBotReply()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);

        using var post = await PostMessageAsync(host, started, "help", clientActivityId: "client-1");
        var postedId = (await post.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var (activities, watermark) = await PollAsync(host, started, null);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(2, activities.Count);
        Assert.Equal(postedId, activities[0]["id"]!.GetValue<string>());
        Assert.Equal("client-1", activities[0]["channelData"]!["clientActivityID"]!.GetValue<string>());
        Assert.Equal("user", activities[0]["from"]!["role"]!.GetValue<string>());
        Assert.Equal("You said: help", activities[1]["text"]!.GetValue<string>());
        Assert.Equal("bot", activities[1]["from"]!["role"]!.GetValue<string>());
        Assert.Equal(postedId, activities[1]["replyToId"]!.GetValue<string>());
        Assert.Equal("2", watermark);
    }

    [Fact]
    public async Task PollActivities_WithWatermark_ReturnsOnlyNewer()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);
        using (await PostMessageAsync(host, started, "one")) { }
        var (_, watermark) = await PollAsync(host, started, null);

        var (nothingNew, sameWatermark) = await PollAsync(host, started, watermark);
        using (await PostMessageAsync(host, started, "two")) { }
        var (newer, _) = await PollAsync(host, started, watermark);

        Assert.Empty(nothingNew);
        Assert.Equal(watermark, sameWatermark);
        Assert.Equal(["two", "You said: two"], newer.Select(a => a["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task FirstUserActivity_RunsConversationUpdateFirst_OnlyOnce()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);

        using (await PostMessageAsync(host, started, "hello")) { }
        using (await PostMessageAsync(host, started, "again")) { }

        var received = bot.Received.ToArray();
        Assert.Equal([ActivityTypes.ConversationUpdate, ActivityTypes.Message, ActivityTypes.Message], received.Select(a => a.Type));
        var update = received[0];
        Assert.Equal(["dl_user_1", DirectLinePlayground.BotId], update.MembersAdded!.Select(m => m.Id));
        Assert.Equal("directline", received[1].ChannelId);
        Assert.Equal("playground", received[1].Conversation?.TenantId);
        Assert.Equal(DirectLinePlayground.ServiceUrl, received[1].ServiceUrl);
    }

    [Fact]
    public async Task ProactiveSend_ToPlaygroundUser_AppearsInTheirStream()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);
        using (await PostMessageAsync(host, started, "hello")) { }
        var (_, watermark) = await PollAsync(host, started, null);
        var connector = host.Services.GetRequiredService<IConnectorClient>();

        var conversationId = await connector.CreatePersonalConversationAsync(DirectLinePlayground.ServiceUrl, "playground", "dl_user_1", null, CancellationToken.None);
        await connector.SendToConversationAsync(DirectLinePlayground.ServiceUrl, conversationId, new Activity { Type = "message", Text = "A partner is due a check-in" }, CancellationToken.None);
        var (newer, _) = await PollAsync(host, started, watermark);

        Assert.Equal(started.ConversationId, conversationId);
        Assert.Equal("A partner is due a check-in", Assert.Single(newer)["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateActivity_InPlayground_ReappearsAfterWatermarkWithSameIdAndTimestamp()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);
        using (await PostMessageAsync(host, started, "hello")) { }
        var (before, watermark) = await PollAsync(host, started, null);
        var reply = before[1];
        var connector = host.Services.GetRequiredService<IConnectorClient>();

        await connector.UpdateActivityAsync(DirectLinePlayground.ServiceUrl, started.ConversationId, reply["id"]!.GetValue<string>(), new Activity { Type = "message", Text = "Edited" }, CancellationToken.None);
        var (after, _) = await PollAsync(host, started, watermark);

        var updated = Assert.Single(after);
        Assert.Equal("Edited", updated["text"]!.GetValue<string>());
        Assert.Equal(reply["id"]!.GetValue<string>(), updated["id"]!.GetValue<string>());
        Assert.Equal(reply["timestamp"]!.GetValue<string>(), updated["timestamp"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMember_PlaygroundUser_IsAUserOfThePlaygroundTenant_AndNobodyElseIsAMember()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);
        using (await PostMessageAsync(host, started, "hello")) { }
        var connector = host.Services.GetRequiredService<IConnectorClient>();

        var user = await connector.GetConversationMemberAsync(DirectLinePlayground.ServiceUrl, started.ConversationId, "dl_user_1", CancellationToken.None);
        var stranger = await connector.GetConversationMemberAsync(DirectLinePlayground.ServiceUrl, started.ConversationId, "dl_someone_else", CancellationToken.None);
        var gone = await connector.GetConversationMemberAsync(DirectLinePlayground.ServiceUrl, "no-such-conversation", "dl_user_1", CancellationToken.None);

        Assert.NotNull(user);
        Assert.Equal(("dl_user_1", "playground", ConversationMember.UserRoleUser), (user.Id, user.TenantId, user.UserRole));
        Assert.Null(stranger);
        Assert.Null(gone);
    }

    [Fact]
    public async Task CreatePersonalConversation_UnknownPlaygroundUser_ThrowsNotFound()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var connector = host.Services.GetRequiredService<IConnectorClient>();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            connector.CreatePersonalConversationAsync(DirectLinePlayground.ServiceUrl, "playground", "nobody", null, CancellationToken.None));

        Assert.True(ex.IsUnreachable);
    }

    [Fact]
    public async Task Requests_WrongOrMissingToken_Rejected()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var mine = await StartAsync(host);
        var other = await StartAsync(host);

        using var wrong = await PostMessageAsync(host, mine with { Token = other.Token }, "hello");
        using var forged = await PostMessageAsync(host, mine with { Token = "forged-token" }, "hello");
        using var missing = await host.Client.GetAsync($"{Base}/conversations/{mine.ConversationId}/activities");

        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task Requests_UnknownConversation_Return404()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);

        using var post = await PostMessageAsync(host, started with { ConversationId = "no-such-conversation" }, "hello");
        using var poll = await Send(host, HttpMethod.Get, $"{Base}/conversations/no-such-conversation/activities", started.Token);

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, poll.StatusCode);
    }

    [Fact]
    public async Task PostActivity_MalformedBody_Returns400AndNothingReachesBot()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);
        using var request = TeamsActivities.PostRaw("{\"text\":\"no type\"}", "application/json", "Bearer " + started.Token, $"{Base}/conversations/{started.ConversationId}/activities");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task PollActivities_NonNumericWatermark_Returns400()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);

        using var response = await Send(host, HttpMethod.Get, $"{Base}/conversations/{started.ConversationId}/activities?watermark=abc", started.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task RefreshToken_ValidToken_KeepsConversation()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);

        using var response = await Send(host, HttpMethod.Post, $"{Base}/tokens/refresh", started.Token);
        using var forged = await Send(host, HttpMethod.Post, $"{Base}/tokens/refresh", "forged");

        var refreshed = await response.Content.ReadFromJsonAsync<Started>();
        Assert.Equal(started.ConversationId, refreshed!.ConversationId);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task StartConversation_WithGeneratedToken_ReturnsThatConversation()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        using var generate = await host.Client.PostAsync($"{Base}/tokens/generate", null);
        var generated = (await generate.Content.ReadFromJsonAsync<Started>())!;

        using var start = await Send(host, HttpMethod.Post, $"{Base}/conversations", generated.Token);
        var started = (await start.Content.ReadFromJsonAsync<Started>())!;

        Assert.Equal(generated.ConversationId, started.ConversationId);
    }

    [Fact]
    public async Task Reconnect_KnownConversation_ReturnsIt()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var started = await StartAsync(host);

        using var response = await Send(host, HttpMethod.Get, $"{Base}/conversations/{started.ConversationId}?watermark=", started.Token);
        using var forged = await Send(host, HttpMethod.Get, $"{Base}/conversations/{started.ConversationId}", "forged");

        Assert.Equal(started.ConversationId, (await response.Content.ReadFromJsonAsync<Started>())!.ConversationId);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    private static async Task<Started> StartAsync(TestBotHost host)
    {
        using var response = await host.Client.PostAsync($"{Base}/conversations", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Started>())!;
    }

    private static Task<HttpResponseMessage> PostMessageAsync(TestBotHost host, Started conversation, string text, string? clientActivityId = null)
    {
        // The shape Web Chat posts: its own user id, a client activity id, no server fields.
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["text"] = text,
            ["textFormat"] = "plain",
            ["locale"] = "en-GB",
            ["from"] = new JsonObject { ["id"] = "dl_user_1", ["name"] = "", ["role"] = "user" },
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId ?? Guid.NewGuid().ToString("N"), ["clientTimestamp"] = "2026-11-23T09:00:00.000Z" },
        };
        return host.Client.SendAsync(TeamsActivities.Post(activity, "Bearer " + conversation.Token, $"{Base}/conversations/{conversation.ConversationId}/activities"));
    }

    private static async Task<(List<JsonNode> Activities, string Watermark)> PollAsync(TestBotHost host, Started conversation, string? watermark)
    {
        using var response = await Send(host, HttpMethod.Get, $"{Base}/conversations/{conversation.ConversationId}/activities?watermark={watermark}", conversation.Token);
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return ([.. body["activities"]!.AsArray().Select(a => a!)], body["watermark"]!.GetValue<string>());
    }

    private static Task<HttpResponseMessage> Send(TestBotHost host, HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return host.Client.SendAsync(request);
    }

    private sealed record Started(
        [property: System.Text.Json.Serialization.JsonPropertyName("conversationId")] string ConversationId,
        [property: System.Text.Json.Serialization.JsonPropertyName("token")] string Token,
        [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn);
}
