using PartnerBot.Testing.Browser;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Browser.Tests;

/// <summary>A librarian's own chat with the bot in the Agents Playground: the welcome on install, help, the commands.</summary>
public sealed class PersonalChatTests(PlaygroundBot bot) : IClassFixture<PlaygroundBot>
{
    [Fact]
    public async Task Install_PersonalChat_WelcomesOnceAndAsksTheFirstAdminForTheLibrary()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        // OpenAsync waited for the welcome the bot sends when the playground reports the installation.
        var welcome = await browser.WaitForCardAsync(PlaygroundBrowser.WelcomeTitle);
        var shown = await welcome.InnerTextAsync();
        Assert.Contains("You are the first admin here", shown, StringComparison.Ordinal);
        Assert.Contains("Your library's name", shown, StringComparison.Ordinal);
        Assert.Equal(1, await browser.Cards(PlaygroundBrowser.WelcomeTitle).CountAsync());
        Assert.Contains(bot.App.Connector.Calls, c => c.ServiceUrl.StartsWith(browser.Playground.ConnectorUrl, StringComparison.Ordinal)
            && c.Activity is not null && Transcript.TextOf(c.Activity.Attachments?[0].Content).Contains(PlaygroundBrowser.WelcomeTitle, StringComparison.Ordinal));
        Assert.Empty(await browser.LogPanelErrorsAsync());
        await browser.ScreenshotAsync("personal-welcome");
    }

    [Fact]
    public async Task TypeHelp_ShowsTheHelpCard()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        await browser.SendAsync("help");

        var card = await browser.WaitForCardAsync("What I can do");
        var fullList = card.GetByText("Show your latest needs assessment");
        Assert.False(await fullList.IsVisibleAsync());
        // The full list sits behind a show-card button, which the Teams renderer opens in place.
        await browser.ClickCardButtonAsync("What I can do", "All commands");
        await fullList.WaitForAsync();
        Assert.Contains("needs summary", await card.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await browser.LogPanelErrorsAsync());
        await browser.ScreenshotAsync("personal-help");
    }

    [Fact]
    public async Task ClickShowCommandsOnWelcome_ShowsTheHelpCard()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        await browser.ClickCardButtonAsync(PlaygroundBrowser.WelcomeTitle, "Show commands");

        var help = await browser.WaitForCardAsync("Type a command or pick one below");
        Assert.Contains("What I can do", await help.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await browser.LogPanelErrorsAsync());
    }
}
