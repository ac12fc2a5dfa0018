using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Authentication;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Connector;

public sealed class HttpConnectorClientTests
{
    private const string Teams = "https://smba.trafficmanager.net/emea/";
    private const string Conversation = "a:1pXbK7zQ9v;messageid=17638";
    private readonly InstantTimeProvider clock = new();

    [Fact]
    public async Task Reply_TrustedServiceUrl_PostsWithTokenToEscapedPath()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, "{\"id\":\"1:reply\"}"));
        var client = Build(handler);

        var id = await client.ReplyToActivityAsync(Teams, Conversation, "1763889242431", new Activity { Type = "message", Text = "Hi" }, CancellationToken.None);

        Assert.Equal("1:reply", id);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/emea/v3/conversations/a%3A1pXbK7zQ9v%3Bmessageid%3D17638/activities/1763889242431", request.Uri.AbsolutePath);
        Assert.Equal("Bearer outbound-token", request.Authorization);
        Assert.Equal("Hi", JsonNode.Parse(request.Body!)?["text"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/")]
    [InlineData("https://smba.trafficmanager.net@attacker.example/")]
    [InlineData("http://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net/emea/?next=https://attacker.example/")]
    public async Task Send_UntrustedServiceUrl_SendsNothingAtAll(string serviceUrl)
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, "{\"id\":\"x\"}"));
        var client = Build(handler);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(serviceUrl, Conversation, new Activity { Type = "message" }, CancellationToken.None));

        Assert.Equal(ConnectorException.UntrustedServiceUrl, error.ErrorCode);
        Assert.False(error.IsUnreachable);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Send_TokenCannotBeHad_SurfacesConnectorExceptionAndSendsNothing()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, "{\"id\":\"x\"}"));
        var services = BuildServices(handler, new FailingTokenProvider());
        var client = services.GetRequiredService<IConnectorClient>();

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(Teams, Conversation, new Activity { Type = "message" }, CancellationToken.None));

        Assert.Equal(ConnectorException.TokenUnavailable, error.ErrorCode);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Send_ServiceUrlValidatedOnRequest_SendsToken()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, "{\"id\":\"x\"}"));
        var services = BuildServices(handler);
        Assert.True(await services.GetRequiredService<TrustedServiceUrls>().BindAsync("https://smba.region.example/apac", CancellationToken.None));
        var client = services.GetRequiredService<IConnectorClient>();

        await client.SendToConversationAsync("https://smba.region.example/apac/", Conversation, new Activity { Type = "message" }, CancellationToken.None);

        Assert.Equal("Bearer outbound-token", Assert.Single(handler.Requests).Authorization);
    }

    [Fact]
    public async Task Send_429WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        var handler = new StubHttpHandler((_, n) =>
        {
            if (n == 1)
            {
                var throttled = Json(HttpStatusCode.TooManyRequests, "{}");
                throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
                return throttled;
            }

            return Json(HttpStatusCode.Created, "{\"id\":\"after-throttle\"}");
        });
        var client = Build(handler);

        var id = await client.SendToConversationAsync(Teams, Conversation, new Activity { Type = "message" }, CancellationToken.None);

        Assert.Equal("after-throttle", id);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains(TimeSpan.FromSeconds(7), clock.Delays);
    }

    [Fact]
    public async Task Send_429WithRetryAfterDate_WaitsUntilThatDate()
    {
        var handler = new StubHttpHandler((_, n) =>
        {
            if (n == 1)
            {
                var throttled = Json(HttpStatusCode.TooManyRequests, "{}");
                throttled.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(clock.Now.AddSeconds(12));
                return throttled;
            }

            return Json(HttpStatusCode.OK, "{\"id\":\"ok\"}");
        });
        var client = Build(handler);

        await client.SendToConversationAsync(Teams, Conversation, new Activity { Type = "message" }, CancellationToken.None);

        Assert.Contains(TimeSpan.FromSeconds(12), clock.Delays);
    }

    [Fact]
    public async Task Update_503ThenSuccess_RetriesWithBackoff()
    {
        var handler = new StubHttpHandler((_, n) => n == 1 ? Json(HttpStatusCode.ServiceUnavailable, "") : Json(HttpStatusCode.OK, "{}"));
        var client = Build(handler);

        await client.UpdateActivityAsync(Teams, Conversation, "1:card", new Activity { Type = "message" }, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Put, r.Method));
        var delay = Assert.Single(clock.Delays);
        Assert.InRange(delay, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Send_AlwaysUnavailable_GivesUpAfterMaxAttempts()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.ServiceUnavailable, ""));
        var client = Build(handler);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(Teams, Conversation, new Activity { Type = "message" }, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.False(ex.MaybeDelivered);
        Assert.Equal(4, handler.Requests.Count);
        var delays = clock.Delays.ToArray();
        Assert.Equal(3, delays.Length);
        Assert.True(delays[2] > delays[0], "The backoff grows.");
    }

    [Theory]
    [InlineData("502")]
    [InlineData("504")]
    [InlineData("500")]
    [InlineData("reset")]
    [InlineData("timeout")]
    public async Task Send_MayHaveArrived_NotPostedAgain_AndSaysSo(string failure)
    {
        var handler = new StubHttpHandler((_, _) => failure switch
        {
            "reset" => throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."),
            "timeout" => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout."),
            _ => Json((HttpStatusCode)int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture), ""),
        });
        var client = Build(handler);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(Teams, Conversation, new Activity { Type = "message" }, CancellationToken.None));

        Assert.True(ex.MaybeDelivered);
        Assert.Single(handler.Requests);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task Update_BadGateway_RetriedBecauseAPutCanBeRepeated()
    {
        var handler = new StubHttpHandler((_, n) => n == 1 ? Json(HttpStatusCode.BadGateway, "") : Json(HttpStatusCode.OK, "{}"));
        var client = Build(handler);

        await client.UpdateActivityAsync(Teams, Conversation, "1:a", new Activity { Type = "message" }, CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Update_TrustedServiceUrl_PutsTheCardWithTokenToTheEscapedActivityPath()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, "{\"id\":\"1:card\"}"));
        var client = Build(handler);
        var card = new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5" };

        await client.UpdateActivityAsync(Teams, Conversation, "1:card", new Activity
        {
            Type = "message",
            Id = "1:card",
            Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }],
        }, CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Put, request.Method);
        Assert.Equal("/emea/v3/conversations/a%3A1pXbK7zQ9v%3Bmessageid%3D17638/activities/1%3Acard", request.Uri.AbsolutePath);
        Assert.Equal("Bearer outbound-token", request.Authorization);
        Assert.Equal("AdaptiveCard", (string?)JsonNode.Parse(request.Body!)?["attachments"]?[0]?["content"]?["type"]);
    }

    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("https://smba.trafficmanager.net.attacker.example/")]
    [InlineData("http://smba.trafficmanager.net/emea/")]
    public async Task Update_UntrustedServiceUrl_SendsNothingAtAll(string serviceUrl)
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, "{}"));
        var client = Build(handler);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.UpdateActivityAsync(serviceUrl, Conversation, "1:card", new Activity { Type = "message" }, CancellationToken.None));

        Assert.Equal(ConnectorException.UntrustedServiceUrl, error.ErrorCode);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task Update_Refused_NotRetried_AndSurfacesTheStatus(HttpStatusCode refusal)
    {
        var handler = new StubHttpHandler((_, _) => Json(refusal, "{\"error\":{\"code\":\"BotNotInConversationRoster\",\"message\":\"No.\"}}"));
        var client = Build(handler);

        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.UpdateActivityAsync(Teams, Conversation, "1:card", new Activity { Type = "message" }, CancellationToken.None));

        Assert.Equal(refusal, error.StatusCode);
        Assert.Equal("BotNotInConversationRoster", error.ErrorCode);
        Assert.Single(handler.Requests);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task Send_NetworkFailureThenSuccess_Retries()
    {
        var handler = new StubHttpHandler((_, n) =>
            n == 1 ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused") : Json(HttpStatusCode.OK, "{\"id\":\"after-reset\"}"));
        var client = Build(handler);

        var id = await client.SendToConversationAsync(Teams, Conversation, new Activity { Type = "message" }, CancellationToken.None);

        Assert.Equal("after-reset", id);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Send_NetworkAlwaysFails_SurfacesConnectorException()
    {
        var handler = new StubHttpHandler((_, _) => throw new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known"));
        var client = Build(handler);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(Teams, Conversation, new Activity { Type = "message" }, CancellationToken.None));

        Assert.Equal("ConnectorUnreachable", ex.ErrorCode);
        Assert.False(ex.MaybeDelivered);
        Assert.Equal(4, handler.Requests.Count);
        Assert.False(ex.IsUnreachable);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    public async Task Send_ClientError_NotRetriedAndSurfacesErrorBody(HttpStatusCode status)
    {
        var handler = new StubHttpHandler((_, _) =>
            Json(status, "{\"error\":{\"code\":\"BotDisabledByAdmin\",\"message\":\"The bot is blocked in this tenant.\"}}"));
        var client = Build(handler);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            client.SendToConversationAsync(Teams, Conversation, new Activity { Type = "message" }, CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("BotDisabledByAdmin", ex.ErrorCode);
        Assert.Equal("The bot is blocked in this tenant.", ex.Message);
        Assert.Equal(status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, ex.IsUnreachable);
    }

    [Fact]
    public async Task Delete_Success_UsesDeleteOnActivityPath()
    {
        var handler = new StubHttpHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK));
        var client = Build(handler);

        await client.DeleteActivityAsync(Teams, Conversation, "1:old", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.EndsWith("/activities/1%3Aold", request.Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePersonalConversation_PostsTeamsShapeAndReturnsId()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, "{\"id\":\"a:new-personal\"}"));
        var client = Build(handler);

        var id = await client.CreatePersonalConversationAsync(Teams, "tenant-1", "29:user", "28:bot", CancellationToken.None);

        Assert.Equal("a:new-personal", id);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("/emea/v3/conversations", request.Uri.AbsolutePath);
        var body = JsonNode.Parse(request.Body!)!;
        Assert.False(body["isGroup"]!.GetValue<bool>());
        Assert.Equal("29:user", body["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("tenant-1", body["tenantId"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMember_TrustedServiceUrl_GetsEscapedMemberPathWithToken_AndReadsTheMember()
    {
        var handler = new StubHttpHandler((_, _) => Json(
            HttpStatusCode.OK,
            "{\"id\":\"29:1a/b?c\",\"name\":\"Ada\",\"aadObjectId\":\"6b1e0c3a-0000-4000-8000-000000000001\",\"email\":\"ada@library.example\","
            + "\"userPrincipalName\":\"ada@library.example\",\"tenantId\":\"tenant-1\",\"userRole\":\"guest\",\"givenName\":\"Ada\"}"));
        var client = Build(handler);

        var member = await client.GetConversationMemberAsync(Teams, Conversation, "29:1a/b?c", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/emea/v3/conversations/a%3A1pXbK7zQ9v%3Bmessageid%3D17638/members/29%3A1a%2Fb%3Fc", request.Uri.AbsolutePath);
        Assert.Equal("Bearer outbound-token", request.Authorization);
        Assert.Null(request.Body);
        Assert.NotNull(member);
        Assert.Equal(("tenant-1", "guest", "6b1e0c3a-0000-4000-8000-000000000001"), (member.TenantId, member.UserRole, member.AadObjectId));
        Assert.True(member.ExtensionData?.ContainsKey("givenName"));
    }

    [Fact]
    public async Task GetMember_404_ReturnsNull_WithoutRetrying()
    {
        var handler = new StubHttpHandler((_, _) =>
            Json(HttpStatusCode.NotFound, "{\"error\":{\"code\":\"MemberNotFoundInConversation\",\"message\":\"The member is not in the conversation.\"}}"));
        var client = Build(handler);

        var member = await client.GetConversationMemberAsync(Teams, Conversation, "29:stranger", CancellationToken.None);

        Assert.Null(member);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, 1)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 4)]
    public async Task GetMember_OtherFailure_Throws(HttpStatusCode status, int attempts)
    {
        var handler = new StubHttpHandler((_, _) => Json(status, "{\"error\":{\"code\":\"Failed\",\"message\":\"No.\"}}"));
        var client = Build(handler);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => client.GetConversationMemberAsync(Teams, Conversation, "29:ada", CancellationToken.None));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(attempts, handler.Requests.Count);
    }

    [Fact]
    public async Task GetMember_AnswerIsNotAMember_Throws()
    {
        var handler = new StubHttpHandler((_, _) => Json(HttpStatusCode.OK, "[\"not\", \"a member\"]"));
        var client = Build(handler);

        await Assert.ThrowsAsync<ConnectorException>(() => client.GetConversationMemberAsync(Teams, Conversation, "29:ada", CancellationToken.None));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private IConnectorClient Build(StubHttpHandler handler) => BuildServices(handler).GetRequiredService<IConnectorClient>();

    private ServiceProvider BuildServices(StubHttpHandler handler, IBotTokenProvider? tokens = null)
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotFrameworkProtocol(configuration);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(tokens ?? new FixedTokenProvider("outbound-token"));
        services.AddHttpClient(BotHttpClients.Connector).ConfigurePrimaryHttpMessageHandler(() => handler);
        return services.BuildServiceProvider();
    }

    private sealed class FailingTokenProvider : IBotTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("AADSTS7000215: Invalid client secret provided.");
    }

    private sealed class FixedTokenProvider(string token) : IBotTokenProvider
    {
        public Task<string?> GetTokenAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(token);
    }
}
