using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Testing.Browser;

namespace PartnerBot.Browser.Tests;

/// <summary>The bot where more than one person reads it: a team channel (posts mention the bot, replies go in the post's thread) and a group chat.</summary>
public sealed class TeamsScopeTests(PlaygroundBot bot) : IClassFixture<PlaygroundBot>
{
    [Fact]
    public async Task Channel_MentionDigestHere_AnswersInTheThread_ThenDigestPostsThere()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);
        await browser.OpenConversationAsync(PlaygroundBrowser.GeneralChannel);

        // Typed as in Teams: "@PartnerBot" picked from the suggestions, so the bot gets "<at>PartnerBot</at> digest here"
        // and must strip its own mention to read the command.
        var post = await browser.PostInChannelAsync("digest here");

        await browser.WaitForTextAsync("From now on the weekly digest is posted in this channel", post);
        var stored = await bot.App.Services.GetRequiredService<IFollowThroughSettingsStore>().GetDigestSettingsAsync(browser.Workspace, default);
        Assert.True(stored.GoesToChannel);
        Assert.Equal(PlaygroundBrowser.TeamId, stored.ChannelConversationId);
        var answer = Assert.Single(bot.App.Connector.Calls, c => c.ServiceUrl.StartsWith(browser.Playground.ConnectorUrl, StringComparison.Ordinal)
            && c.Activity?.Text?.Contains("From now on the weekly digest", StringComparison.Ordinal) == true);
        Assert.Equal("reply", answer.Operation);

        var asked = await browser.PostInChannelAsync("digest");
        var digest = await browser.WaitForCardAsync("Partnership digest", asked);
        Assert.Contains("The pipeline is empty", await digest.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await browser.LogPanelErrorsAsync());
        await browser.ScreenshotAsync("channel-digest");
    }

    [Fact]
    public async Task GroupChat_MentionHelp_ShowsWhatWorksThere()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);
        await browser.OpenConversationAsync(PlaygroundBrowser.GroupChat);

        await browser.SendAsync(" help", mentionBot: true);

        var help = await browser.WaitForCardAsync("What I can do");
        Assert.Contains("What I can do", await help.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await browser.LogPanelErrorsAsync());
        await browser.ScreenshotAsync("group-help");
    }
}
