using Microsoft.Playwright;
using PartnerBot.Testing.Browser;

namespace PartnerBot.Browser.Tests;

/// <summary>What a person typed shows as typed in the rendered cards, at Teams' narrow pane and on a desktop.</summary>
public sealed class LiteralTextTests
{
    private const string Name = "[Win a prize](evil.example) **now** # not a heading";

    [Theory]
    [InlineData(420)]
    [InlineData(1280)]
    public async Task PartnerNameWithMarkdown_RendersLiterally_NoLinkNoBold(int width)
    {
        await using var browser = await PlaygroundBrowser.StartAsync();
        await browser.Page.SetViewportSizeAsync(width, 900);
        await browser.OpenAsync();

        await browser.SendAsync("add partner " + Name);
        var form = await browser.WaitForCardAsync("Add a candidate partner");
        await form.GetByLabel("Type", new LocatorGetByLabelOptions { Exact = false }).First.SelectOptionAsync("Nonprofit");
        await browser.ClickCardButtonAsync("Add a candidate partner", "Add partner");
        await browser.WaitForTextAsync("Added [Win a prize]");
        await browser.SendAsync("partner Win a prize");

        var list = await browser.WaitForCardAsync("Covers needs");
        Assert.Contains(Name, await list.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await list.Locator("a[href*='evil'], strong, b, h1").CountAsync());
        await browser.ScreenshotAsync($"literal-partner-name-{width}");
    }
}
