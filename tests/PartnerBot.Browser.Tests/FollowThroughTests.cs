using PartnerBot.Testing.Browser;

namespace PartnerBot.Browser.Tests;

/// <summary>A manager in the Web Chat playground asks for the weekly digest on demand.</summary>
public sealed class FollowThroughTests
{
    [Fact]
    public async Task Playground_ManagerAsksDigest_SeesDigestCard()
    {
        await using var browser = await PlaygroundBrowser.StartAsync();
        await browser.OpenAsync();

        await browser.SendAsync("digest");

        // The first person in a new workspace is its admin, so they get the digest; an empty workspace says where to start.
        var card = await browser.WaitForCardAsync("Partnership digest");
        var shown = await card.InnerTextAsync();
        Assert.Contains("The pipeline is empty", shown, StringComparison.Ordinal);
        await browser.ScreenshotAsync("followthrough-digest");
    }
}
