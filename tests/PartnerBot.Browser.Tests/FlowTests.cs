using PartnerBot.Testing.Browser;

namespace PartnerBot.Browser.Tests;

/// <summary>A librarian in the Agents Playground: a needs assessment through the card, two partners, a screening by clicking and typing, the ranking.</summary>
public sealed class FlowTests(PlaygroundBot bot) : IClassFixture<PlaygroundBot>
{
    [Fact]
    public async Task NeedsAssessment_ThroughTheCard_ShowsTheSummary()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        await browser.SendAsync("needs");
        await browser.FillCardInputAsync("1 of 3", "Goal or program", "Digital skills for job seekers");
        await browser.FillCardInputAsync("1 of 3", "Who it serves", "Adults looking for work");
        await browser.ClickCardButtonAsync("1 of 3", "Next");
        await browser.FillCardInputAsync("2 of 3", "Technology", "Laptops for workshops");
        await browser.ClickCardButtonAsync("2 of 3", "Next");
        await browser.ClickCardButtonAsync("3 of 3", "Finish");

        var summary = await browser.WaitForCardAsync("uncovered need");
        var shown = await summary.InnerTextAsync();
        Assert.Contains("Digital skills for job seekers", shown, StringComparison.Ordinal);
        Assert.Contains("Laptops for workshops", shown, StringComparison.Ordinal);
        Assert.Empty(await browser.LogPanelErrorsAsync());
        await browser.ScreenshotAsync("flow-needs");
    }

    [Fact]
    public async Task TwoPartnersAndAScreening_ShowRanking()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        foreach (var name in new[] { "Job Centre", "City Museum" })
        {
            await browser.WaitForNewCardAsync("Add a candidate partner", () => browser.SendAsync("add partner " + name));
            await browser.ChooseAsync("Add a candidate partner", "Type", "Local government");
            await browser.ClickCardButtonAsync("Add a candidate partner", "Add partner");
            await browser.WaitForTextAsync("Added " + name + ".");
        }

        await browser.SendAsync("screen Job Centre");
        await browser.ChooseAsync("Screen Job Centre", "How strong is their expertise", "5");
        await browser.ChooseAsync("Screen Job Centre", "Weighing their strengths", "4");
        await browser.ChooseAsync("Screen Job Centre", "How much could they contribute", "5");
        await browser.ChooseAsync("Screen Job Centre", "How easy would a good working relationship be", "4");
        await browser.ChooseAsync("Screen Job Centre", "How much would the library lose", "4");
        var form = await browser.WaitForCardAsync("Screen Job Centre");
        await form.GetByPlaceholder("Note (optional)").First.FillAsync("Runs the city's job programmes");
        await browser.ClickCardButtonAsync("Screen Job Centre", "Submit ratings");

        var result = await browser.WaitForCardAsync("Screening: Job Centre");
        var shown = await result.InnerTextAsync();
        Assert.Contains("4.4 of 5", shown, StringComparison.Ordinal);
        Assert.Contains("#1 of 2 candidates", shown, StringComparison.Ordinal);
        Assert.Contains("City Museum", shown, StringComparison.Ordinal);
        Assert.Empty(await browser.LogPanelErrorsAsync());
        await browser.ScreenshotAsync("flow-screening");
    }
}
