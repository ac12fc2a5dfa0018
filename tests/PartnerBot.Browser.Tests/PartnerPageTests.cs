using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerBot.Testing;
using PartnerBot.Testing.Browser;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Browser.Tests;

/// <summary>
/// The partner page in headless Chromium, as the partner's contact sees it from the link in an e-mail: the real app on
/// Kestrel over Azurite, rounds seeded through the stores, no Teams in between.
/// </summary>
public sealed class PartnerPageTests(PartnerPageTests.Host host) : IClassFixture<PartnerPageTests.Host>
{
    private const string Scripted = "<script>alert(1)</script> & <b>not bold</b>";

    public static string ScreenshotFolder => RepoPaths.Combine("TestResults", "partner-page");

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1280, 900)]
    public async Task Partner_AnswersByKeyboardAndClicks_SeesThanks_ThenReopensAndEdits(int width, int height)
    {
        var seed = await PartnerRoundSeed.CreateAsync(host.App, "Europe/London");
        await seed.PartnerAsync("p-a", "City Museum");
        var round = await seed.RoundAsync("p-a", "r-a");
        var link = seed.Links.Create(seed.Workspace, round.Value);
        await using var page = await host.OpenAsync(width, height);
        var dialogs = 0;
        page.Page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        var opened = await page.Page.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "How is the partnership going for City Museum?" })).ToBeVisibleAsync();
        Assert.True(await page.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways.");
        await page.ShotAsync($"form-{width}");

        // By keyboard: the arrows choose within the first question's group, Tab moves on to the next group and Space chooses.
        await page.Page.Locator("#interest-1").FocusAsync();
        await page.Page.Keyboard.PressAsync("ArrowRight");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        Assert.True(await page.Page.Locator("#interest-4").IsCheckedAsync());
        await page.Page.Keyboard.PressAsync("Tab");
        await page.Page.Keyboard.PressAsync("Space");
        Assert.True(await page.Page.Locator("#communication-1").IsCheckedAsync());
        // By clicks on the visible labels.
        await page.Page.GetByRole(AriaRole.Group, new() { Name = "Is the work you are doing together with Riverside Library moving forward?" })
            .GetByLabel("5").ClickAsync();
        await page.Page.Locator("label[for=fit-2]").ClickAsync();
        await page.Page.GetByLabel("Anything you would like to add? (optional)").FillAsync(Scripted);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Send my answer" }).ClickAsync();

        await Assertions.Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Thank you, your answer is saved" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Page.Locator(".comment")).ToHaveTextAsync(Scripted);
        await Assertions.Expect(page.Page.GetByText("open the same link again to change your answer until")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Page.Locator("b").CountAsync());
        await page.ShotAsync($"thanks-{width}");
        var saved = (await seed.ReadAsync("p-a", "r-a")).Value.Response!;
        Assert.Equal([4, 1, 5, 2], saved.Scores.OrderBy(s => s.Key).Select(s => s.Value));
        Assert.Equal(Scripted, saved.Comment);

        await page.Page.GotoAsync(link);
        Assert.True(await page.Page.Locator("#interest-4").IsCheckedAsync());
        Assert.True(await page.Page.Locator("#fit-2").IsCheckedAsync());
        Assert.Equal(Scripted, await page.Page.Locator("#comment").InputValueAsync());
        await page.Page.Locator("label[for=fit-5]").ClickAsync();
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Assertions.Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Your changes are saved" })).ToBeVisibleAsync();
        var edited = (await seed.ReadAsync("p-a", "r-a")).Value.Response!;
        Assert.Equal(5, edited.Scores[Core.FollowThrough.HealthQuestion.StrategicFit]);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task ExpiredRevokedOrTamperedLink_ShowsAClearRefusal_AndNoForm()
    {
        var seed = await PartnerRoundSeed.CreateAsync(host.App);
        await seed.PartnerAsync("p-a", "City Museum");
        var expired = await seed.RoundAsync("p-a", "r-expired", lifetime: TimeSpan.FromHours(-2));
        var revoked = await seed.RoundAsync("p-a", "r-revoked", revoked: true);
        var open = await seed.RoundAsync("p-a", "r-open");
        var good = seed.Links.Create(seed.Workspace, open.Value);
        await using var page = await host.OpenAsync(390, 844);

        var cases = new[]
        {
            (seed.Links.Create(seed.Workspace, expired.Value), 410, "This link has expired"),
            (seed.Links.Create(seed.Workspace, revoked.Value), 410, "This link was withdrawn"),
            (good[..^6], 403, "This link does not work"),
        };
        foreach (var (link, status, heading) in cases)
        {
            var response = await page.Page.GotoAsync(link);

            Assert.Equal(status, response!.Status);
            await Assertions.Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
            Assert.Equal(0, await page.Page.Locator("form").CountAsync());
        }

        await page.ShotAsync("refused-390");
    }

    [Fact]
    public async Task CommentOverTheLimit_IsNeitherCutNorSaved_TheFormComesBackWithItWhole()
    {
        var seed = await PartnerRoundSeed.CreateAsync(host.App);
        await seed.PartnerAsync("p-a", "City Museum");
        var round = await seed.RoundAsync("p-a", "r-a");
        await using var page = await host.OpenAsync(390, 844);
        var tooLong = new string('a', Core.FollowThrough.Health.PartnerRoundRules.CommentMaxLength + 1);

        await page.Page.GotoAsync(seed.Links.Create(seed.Workspace, round.Value));
        foreach (var id in new[] { "interest-3", "communication-3", "progress-3", "fit-3" })
        {
            await page.Page.Locator($"label[for={id}]").ClickAsync();
        }

        await page.Page.Locator("#comment").FillAsync(tooLong);
        Assert.Equal(tooLong.Length, (await page.Page.Locator("#comment").InputValueAsync()).Length);
        var answer = await page.Page.RunAndWaitForResponseAsync(
            () => page.Page.GetByRole(AriaRole.Button, new() { Name = "Send my answer" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(400, answer.Status);
        await Assertions.Expect(page.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the limit is 2,000");
        Assert.Equal(tooLong, await page.Page.Locator("#comment").InputValueAsync());
        Assert.True(await page.Page.Locator("#fit-3").IsCheckedAsync());
        Assert.Null((await seed.ReadAsync("p-a", "r-a")).Value.Response);
    }

    /// <summary>The app on Kestrel at a free loopback port, and Chromium; one per class.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private IPlaywright? playwright;
        private IBrowser? browser;

        public PartnerBotFactory App { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (!File.Exists(PlaygroundBrowser.ChromiumPath))
            {
                throw new InvalidOperationException($"Chromium is not installed at {PlaygroundBrowser.ChromiumPath}: apt-get install chromium");
            }

            App = await PartnerBotFactory.CreateAsync(o =>
            {
                o.KestrelPort = 0;
                o.Settings["FollowThrough:RunBackgroundService"] = "false";
            });
            App.StartServer();
            _ = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reports no address.");
            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = PlaygroundBrowser.ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
            });
        }

        public async Task<OpenPage> OpenAsync(int width, int height)
        {
            var context = await browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            context.SetDefaultTimeout(15_000);
            return new OpenPage(context, await context.NewPageAsync());
        }

        public async Task DisposeAsync()
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }

            playwright?.Dispose();
            if (App is not null)
            {
                await App.DisposeAsync();
            }
        }
    }

    /// <summary>One browser context (its own cookies and cache) and its page.</summary>
    public sealed class OpenPage(IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public IPage Page { get; } = page;

        /// <summary>A full-page screenshot in <see cref="ScreenshotFolder"/>.</summary>
        public async Task ShotAsync(string name)
        {
            Directory.CreateDirectory(ScreenshotFolder);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
        }

        public ValueTask DisposeAsync() => context.DisposeAsync();
    }
}
