using System.Net;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Hosting;

/// <summary>What changes between Development and Production: the playground, and what must be configured.</summary>
public sealed class EnvironmentTests
{
    [Fact]
    public async Task Playground_Development_ServesPageAndWebChatFromTheApp()
    {
        await using var factory = await PartnerBotFactory.CreateAsync();

        using var page = await factory.Http.GetAsync("/");
        using var script = await factory.Http.GetAsync("/playground/webchat.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<title>PartnerBot playground</title>", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/playground/webchat.js\"", html, StringComparison.Ordinal);
        Assert.Contains("webSocket: false", html, StringComparison.Ordinal);
        Assert.DoesNotContain("cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.True(script.Content.Headers.ContentLength > 100_000);
    }

    [Fact]
    public async Task Playground_Production_NotFound()
    {
        await using var factory = await PartnerBotFactory.CreateAsync(Production);

        using var page = await factory.Http.GetAsync("/");
        using var script = await factory.Http.GetAsync("/playground/webchat.js");
        using var directLine = await factory.Http.PostAsync("/v3/directline/tokens/generate", null);
        using var alive = await factory.Http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, directLine.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Messages_ProductionWithoutToken_Returns401()
    {
        await using var factory = await PartnerBotFactory.CreateAsync(Production);
        var t = factory.Transcript();

        using var response = await t.Post(t.Message("help"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(factory.Connector.Calls);
    }

    [Fact]
    public async Task Start_ProductionWithoutAppId_FailsNamingTheSetting()
    {
        await using var factory = await PartnerBotFactory.CreateAsync(o => o.Environment = "Production");

        var error = Assert.ThrowsAny<Exception>(() => factory.Http);

        Assert.Contains("Bot:AppId (env Bot__AppId)", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MaxTextLengthZero_FailsNamingTheSetting()
    {
        await using var factory = await PartnerBotFactory.CreateAsync(o => o.Settings["Chat:MaxTextLength"] = "0");

        var error = Assert.ThrowsAny<Exception>(() => factory.Http);

        Assert.Contains("Chat__MaxTextLength", Flatten(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ada@library.example", "not a name or an e-mail address")]
    [InlineData(" ", "is empty")]
    public async Task Start_AdminObjectIdNotAnObjectId_FailsNamingTheSetting(string value, string expected)
    {
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["Workspace:AdminObjectIds:0"] = "5d0c2a17-0000-4000-8000-0000000ad4e1";
            o.Settings["Workspace:AdminObjectIds:1"] = value;
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.Http);

        Assert.Contains("Workspace:AdminObjectIds:1 (env Workspace__AdminObjectIds__1)", Flatten(error), StringComparison.Ordinal);
        Assert.Contains(expected, Flatten(error), StringComparison.Ordinal);
    }

    private static void Production(PartnerBotFactoryOptions o)
    {
        o.Environment = "Production";
        o.Settings["Bot:AppId"] = "00000000-0000-0000-0000-00000000b07a";
        o.Settings["Bot:TenantId"] = "00000000-0000-0000-0000-0000000000aa";
        o.Settings["Bot:AppPassword"] = "not-a-real-secret";
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
