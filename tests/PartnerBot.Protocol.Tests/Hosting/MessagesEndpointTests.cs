using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Hosting;

/// <summary>Bad requests in development mode (no app id), where the body is the only line of defence.</summary>
public sealed class MessagesEndpointTests
{
    private readonly RecordingBot bot = new();

    public static TheoryData<string, string, HttpStatusCode> MalformedBodies() => new()
    {
        { "not json at all", "application/json", HttpStatusCode.BadRequest },
        { "{\"text\":\"no type\",\"id\":\"1\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":5}", "application/json", HttpStatusCode.BadRequest },
        { "[{\"type\":\"message\"}]", "application/json", HttpStatusCode.BadRequest },
        { "null", "application/json", HttpStatusCode.BadRequest },
        { "", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"text\":\"hi\"", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"text\":\"no addressing\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"channelId\":\"msteams\",\"serviceUrl\":\"not a url\",\"conversation\":{\"id\":\"a:1\"}}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"channelId\":\"msteams\",\"serviceUrl\":\"file:///etc/passwd\",\"conversation\":{\"id\":\"a:1\"}}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"channelId\":\"msteams\",\"serviceUrl\":\"https://smba.trafficmanager.net/emea/\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"serviceUrl\":\"https://smba.trafficmanager.net/emea/\",\"conversation\":{\"id\":\"a:1\"}}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"timestamp\":\"yesterday\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"channelData\":[1,2]}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"entities\":[1]}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"from\":\"29:user\"}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"value\":" + new string('[', 200) + new string(']', 200) + "}", "application/json", HttpStatusCode.BadRequest },
        { "{\"type\":\"message\",\"text\":\"hi\"}", "text/plain", HttpStatusCode.UnsupportedMediaType },
        { "type=message&text=hi", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Post_MalformedBody_Returns4xxAndNothingReachesBot(string body, string contentType, HttpStatusCode expected)
    {
        await using var host = await TestBotHost.StartAsync(bot);

        using var response = await host.Client.SendAsync(TeamsActivities.PostRaw(body, contentType));

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task Post_HugeBody_Returns413AndNothingReachesBot()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var activity = TeamsActivities.Message(text: new string('x', 300_000));

        using var response = await host.Client.SendAsync(TeamsActivities.Post(activity));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task Post_HugeChunkedBodyWithoutLength_Returns413()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var bytes = Encoding.UTF8.GetBytes(TeamsActivities.Message(text: new string('x', 300_000)).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StreamContent(new UnseekableStream(bytes)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task NotPost_Returns405(string method)
    {
        await using var host = await TestBotHost.StartAsync(bot);

        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/messages"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task Post_JsonWithCharset_ReachesBot()
    {
        await using var host = await TestBotHost.StartAsync(bot);

        using var response = await host.Client.SendAsync(
            TeamsActivities.PostRaw(TeamsActivities.Message().ToJsonString(), "application/json; charset=utf-8"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Received);
    }

    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("::1", HttpStatusCode.OK)]
    [InlineData("::ffff:127.0.0.1", HttpStatusCode.OK)]
    [InlineData("203.0.113.9", HttpStatusCode.Unauthorized)]
    [InlineData("10.0.0.4", HttpStatusCode.Unauthorized)]
    public async Task Post_DevelopmentMode_AcceptsOnlyLoopback(string remoteIp, HttpStatusCode expected)
    {
        await using var host = await TestBotHost.StartAsync(bot);
        using var request = TeamsActivities.Post(TeamsActivities.Message());
        request.Headers.Add(TestBotHost.RemoteIpHeader, remoteIp);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK ? 1 : 0, bot.Received.Count);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("X-Forwarded-Host", "partnerbot.tunnel.example")]
    [InlineData("X-Forwarded-Proto", "https")]
    [InlineData("Forwarded", "for=203.0.113.9;host=partnerbot.tunnel.example")]
    public async Task Post_DevelopmentModeThroughATunnel_Returns401(string header, string value)
    {
        await using var host = await TestBotHost.StartAsync(bot);
        using var request = TeamsActivities.Post(TeamsActivities.Message());
        request.Headers.Add(TestBotHost.RemoteIpHeader, "127.0.0.1");
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task Post_DevelopmentModeListeningBeyondLoopback_RefusesEvenALoopbackCaller()
    {
        await using var host = await TestBotHost.StartAsync(bot, listenUrl: "http://0.0.0.0:0");

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Received);
    }

    [Fact]
    public async Task Post_DevelopmentModeListeningOnLoopbackOnly_AcceptsALoopbackCaller()
    {
        await using var host = await TestBotHost.StartAsync(bot, listenUrl: "http://127.0.0.1:0");

        using var response = await host.Client.SendAsync(TeamsActivities.Post(TeamsActivities.Message()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(bot.Received);
    }

    [Theory]
    [InlineData("http://localhost:3978", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.0.0.2:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://0.0.0.0:80", false)]
    [InlineData("http://[::]:80", false)]
    [InlineData("https://partnerbot.example:443", false)]
    [InlineData("http://192.168.1.20:5000", false)]
    public void ListenAddress_IsLoopbackOnlyForLoopbackHosts(string address, bool loopback) =>
        Assert.Equal(loopback, PartnerBot.Protocol.Hosting.LocalCallers.IsLoopbackAddress(address));

    [Fact]
    public async Task Post_TeamsSerializedUnicodeNames_ReachBotIntact()
    {
        await using var host = await TestBotHost.StartAsync(bot);
        var activity = TeamsActivities.Message(text: "Søg: Riverside / Food #2 ? \\ 📚");

        using var response = await host.Client.SendAsync(TeamsActivities.Post(activity));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Søg: Riverside / Food #2 ? \\ 📚", Assert.Single(bot.Received).Text);
    }

    /// <summary>A stream without a length, so the client sends the body chunked.</summary>
    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
