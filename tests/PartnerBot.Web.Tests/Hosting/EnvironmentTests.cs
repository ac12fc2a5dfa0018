using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing.Hosting;
using PartnerBot.Web.FollowThrough.Handlers;

namespace PartnerBot.Web.Tests.Hosting;

/// <summary>What changes between Development and Production: what must be configured, and what is served.</summary>
public sealed class EnvironmentTests
{
    [Fact]
    public async Task Development_ServesNoChatPageOrDirectLine_TheAgentsPlaygroundIsTheLocalClient()
    {
        await using var factory = await PartnerBotFactory.CreateAsync();

        using var page = await factory.Http.GetAsync("/");
        using var directLine = await factory.Http.PostAsync("/v3/directline/tokens/generate", null);
        using var alive = await factory.Http.GetAsync("/alive");

        // Nothing but /api/messages takes activities: a second way in would need its own identity checks.
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, directLine.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Production_ServesNoChatPageOrDirectLine()
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
        var error = Assert.IsAssignableFrom<Exception>(await PartnerBotFactory.StartupErrorAsync(o => o.Environment = "Production"));

        Assert.Contains("Bot:AppId (env Bot__AppId)", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MaxTextLengthZero_FailsNamingTheSetting()
    {
        var error = Assert.IsAssignableFrom<Exception>(await PartnerBotFactory.StartupErrorAsync(o => o.Settings["Chat:MaxTextLength"] = "0"));

        Assert.Contains("Chat__MaxTextLength", Flatten(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!", "is not base64")]
    [InlineData("c2hvcnQ=", "decodes to 5 bytes")]
    public async Task Start_ExportSigningKeyUnusable_FailsNamingTheSetting(string key, string why)
    {
        var error = Flatten(Assert.IsAssignableFrom<Exception>(await PartnerBotFactory.StartupErrorAsync(o => o.Settings["FollowThrough:Export:SigningKey"] = key)));

        Assert.Contains("FollowThrough:Export:SigningKey (env FollowThrough__Export__SigningKey)", error, StringComparison.Ordinal);
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ExportSigningKeySet_LinksSurviveARestart()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var factory = await PartnerBotFactory.CreateAsync(o => o.Settings["FollowThrough:Export:SigningKey"] = key);
        var ws = new WorkspaceKey("t1", "default");
        var url = factory.Services.GetRequiredService<ExportLinks>().Create(ws, "u1");

        await using var restarted = await factory.RestartAsync();

        var token = Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        Assert.Equal((ws, "u1"), restarted.Services.GetRequiredService<ExportLinks>().Verify(token));
    }

    [Fact]
    public async Task Start_NoExportSigningKey_LogsThatLinksDieWithTheProcess()
    {
        var logs = new ListLogger();
        await using var factory = await PartnerBotFactory.CreateAsync(o => o.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logs));

        _ = factory.Http;

        Assert.Contains(logs.Messages, m => m.Level == LogLevel.Warning
            && m.Text.Contains("FollowThrough:Export:SigningKey", StringComparison.Ordinal)
            && m.Text.Contains("stop working when the app restarts", StringComparison.Ordinal));
    }

    /// <summary>Keeps what the app logs, to read the start-up report.</summary>
    private sealed class ListLogger : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }

    [Theory]
    [InlineData("ada@library.example", "not a name or an e-mail address")]
    [InlineData(" ", "is empty")]
    public async Task Start_AdminObjectIdNotAnObjectId_FailsNamingTheSetting(string value, string expected)
    {
        var error = Assert.IsAssignableFrom<Exception>(await PartnerBotFactory.StartupErrorAsync(o =>
        {
            o.Settings["Workspace:AdminObjectIds:0"] = "5d0c2a17-0000-4000-8000-0000000ad4e1";
            o.Settings["Workspace:AdminObjectIds:1"] = value;
        }));

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
