using PartnerBot.Testing.Browser;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Browser.Tests;

/// <summary>The playground as a person sees it: the official Web Chat in Chromium, talking to the real host.</summary>
public sealed class PlaygroundTests
{
    [Fact]
    public async Task Playground_TypeHelp_WebChatRendersHelpCard()
    {
        await using var browser = await PlaygroundBrowser.StartAsync();
        await browser.OpenAsync();

        await browser.SendAsync("help");

        var card = await browser.WaitForCardAsync("What I can do");
        var shown = await card.InnerTextAsync();
        Assert.Contains("help", shown, StringComparison.Ordinal);
        await browser.WaitForCardAsync("Welcome, Playground user");
        var screenshot = await browser.ScreenshotAsync("playground-help");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        Assert.Contains(browser.App.Connector.Calls, c => c.Activity is not null && Transcript.TextOf(c.Activity.Attachments?[0].Content).Contains("What I can do", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Playground_ClickShowCommandsOnWelcome_ShowsHelpCard()
    {
        await using var browser = await PlaygroundBrowser.StartAsync();
        await browser.OpenAsync();
        await browser.SendAsync("hello");
        await browser.WaitForCardAsync("Welcome, Playground user");

        await browser.ClickCardButtonAsync("Welcome, Playground user", "Show commands");

        var help = await browser.WaitForCardAsync("Type a command or pick one below");
        Assert.Contains("What I can do", await help.InnerTextAsync(), StringComparison.Ordinal);
    }
}
