using PartnerBot.Testing.Browser;

namespace PartnerBot.Browser.Tests;

/// <summary>What a person typed shows as typed in the cards the Teams renderer draws.</summary>
public sealed class LiteralTextTests(PlaygroundBot bot) : IClassFixture<PlaygroundBot>
{
    private const string Name = "[Win a prize](evil.example) **now** # not a heading";

    [Fact]
    public async Task PartnerNameWithMarkdown_RendersLiterally_NoLinkNoBold()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        await browser.SendAsync("add partner " + Name);
        await browser.ChooseAsync("Add a candidate partner", "Type", "Nonprofit");
        await browser.ClickCardButtonAsync("Add a candidate partner", "Add partner");
        await browser.WaitForTextAsync("Added [Win a prize]");
        await browser.SendAsync("partner Win a prize");

        var list = await browser.WaitForCardAsync("Covers needs");
        Assert.Contains(Name, await list.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await list.Locator("a[href*='evil'], strong, b, h1").CountAsync());
        await browser.ScreenshotAsync("literal-partner-name");
    }
}
