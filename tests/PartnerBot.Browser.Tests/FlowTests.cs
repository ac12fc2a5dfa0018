using Microsoft.Playwright;
using PartnerBot.Testing.Browser;

namespace PartnerBot.Browser.Tests;

/// <summary>A librarian in the Web Chat playground: needs assessment, two partners, a screening by clicking and typing, the ranking.</summary>
public sealed class FlowTests
{
    private static async Task SelectAsync(PlaygroundBrowser browser, string cardText, string label, string value)
    {
        var card = await browser.WaitForCardAsync(cardText);
        await card.GetByLabel(label, new LocatorGetByLabelOptions { Exact = false }).First.SelectOptionAsync(value);
    }

    /// <summary>Sends and waits until one more card showing <paramref name="cardText"/> is rendered, so later steps act on the new card.</summary>
    private static async Task SendForNewCardAsync(PlaygroundBrowser browser, string text, string cardText)
    {
        var cards = browser.Page.Locator(".ac-adaptiveCard").Filter(new LocatorFilterOptions { HasText = cardText });
        var before = await cards.CountAsync();
        await browser.SendAsync(text);
        await cards.Nth(before).WaitForAsync(new LocatorWaitForOptions { Timeout = PlaygroundBrowser.Timeout });
    }

    [Fact]
    public async Task Playground_NeedsTwoPartnersScreening_ShowsRanking()
    {
        await using var browser = await PlaygroundBrowser.StartAsync();
        await browser.OpenAsync();

        await browser.SendAsync("needs");
        await browser.FillCardInputAsync("1 of 3", "Goal or program", "Digital skills for job seekers");
        await browser.FillCardInputAsync("1 of 3", "Who it serves", "Adults looking for work");
        await browser.ClickCardButtonAsync("1 of 3", "Next");
        await browser.FillCardInputAsync("2 of 3", "Technology", "Laptops for workshops");
        await browser.ClickCardButtonAsync("2 of 3", "Next");
        await browser.ClickCardButtonAsync("3 of 3", "Finish");
        await browser.WaitForCardAsync("uncovered need");

        foreach (var name in new[] { "Job Centre", "City Museum" })
        {
            await SendForNewCardAsync(browser, "add partner " + name, "Add a candidate partner");
            await SelectAsync(browser, "Add a candidate partner", "Type", "LocalGovernment");
            await browser.ClickCardButtonAsync("Add a candidate partner", "Add partner");
            await browser.WaitForTextAsync("Added " + name + ".");
        }

        await browser.SendAsync("screen Job Centre");
        await SelectAsync(browser, "Screen Job Centre", "How strong is their expertise", "5");
        await SelectAsync(browser, "Screen Job Centre", "Weighing their strengths", "4");
        await SelectAsync(browser, "Screen Job Centre", "How much could they contribute", "5");
        await SelectAsync(browser, "Screen Job Centre", "How easy would a good working relationship be", "4");
        await SelectAsync(browser, "Screen Job Centre", "How much would the library lose", "4");
        var form = await browser.WaitForCardAsync("Screen Job Centre");
        await form.GetByPlaceholder("Note (optional)").First.FillAsync("Runs the city's job programmes");
        await browser.ClickCardButtonAsync("Screen Job Centre", "Submit ratings");

        var result = await browser.WaitForCardAsync("Screening: Job Centre");
        var shown = await result.InnerTextAsync();
        Assert.Contains("4.4 of 5", shown, StringComparison.Ordinal);
        Assert.Contains("#1 of 2 candidates", shown, StringComparison.Ordinal);
        Assert.Contains("City Museum", shown, StringComparison.Ordinal);
        await browser.ScreenshotAsync("workflow-screening");
    }
}
