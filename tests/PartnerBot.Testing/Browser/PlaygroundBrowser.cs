using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Testing.Browser;

/// <summary>
/// The real app on a free loopback port (Kestrel, Development, Azurite) and headless Chromium showing its
/// playground: what a person sees in Web Chat, driven by a test.
/// <code>
/// await using var browser = await PlaygroundBrowser.StartAsync();
/// await browser.OpenAsync();
/// await browser.SendAsync("help");
/// await browser.WaitForCardAsync("What I can do");
/// </code>
/// </summary>
public sealed class PlaygroundBrowser : IAsyncDisposable
{
    /// <summary>Debian's Chromium; Playwright is never allowed to download a browser of its own.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private PlaygroundBrowser(PartnerBotFactory app, string baseUrl, IPlaywright playwright, IBrowser browser, IPage page)
    {
        App = app;
        BaseUrl = baseUrl;
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
    }

    /// <summary>The running app; its <see cref="PartnerBotFactory.Connector"/> records every reply too.</summary>
    public PartnerBotFactory App { get; }

    /// <summary>e.g. http://127.0.0.1:41234</summary>
    public string BaseUrl { get; }

    public IPage Page { get; }

    /// <summary>How long to wait for the bot's answer to show.</summary>
    public static float Timeout { get; set; } = 30_000;

    public static async Task<PlaygroundBrowser> StartAsync(Action<PartnerBotFactoryOptions>? configure = null)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}. Run ./test.sh (it installs it as root) or: sudo apt-get install chromium");
        }

        var app = await PartnerBotFactory.CreateAsync(o =>
        {
            o.KestrelPort = 0;
            configure?.Invoke(o);
        });
        IPlaywright? playwright = null;
        try
        {
            app.StartServer();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reports no address.");
            playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 900 } });
            page.SetDefaultTimeout(Timeout);
            return new PlaygroundBrowser(app, address.TrimEnd('/'), playwright, browser, page);
        }
        catch
        {
            playwright?.Dispose();
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the playground and waits until Web Chat's send box is ready.</summary>
    public async Task OpenAsync()
    {
        await Page.GotoAsync(BaseUrl + "/");
        await SendBox.WaitForAsync();
    }

    /// <summary>Types into Web Chat's send box and sends, as a person would.</summary>
    public async Task SendAsync(string text)
    {
        await SendBox.FillAsync(text);
        await SendBox.PressAsync("Enter");
    }

    /// <summary>Waits for a rendered Adaptive Card that shows <paramref name="text"/>, and returns the newest such card.</summary>
    public async Task<ILocator> WaitForCardAsync(string text)
    {
        var card = Page.Locator(".ac-adaptiveCard").Filter(new LocatorFilterOptions { HasText = text }).Last;
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        return card;
    }

    /// <summary>Waits for any bot or user message that shows <paramref name="text"/>.</summary>
    public async Task WaitForTextAsync(string text) =>
        await Page.Locator(".webchat__basic-transcript").GetByText(text).Last.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });

    /// <summary>Clicks the button titled <paramref name="title"/> on the newest card showing <paramref name="cardText"/>.</summary>
    public async Task ClickCardButtonAsync(string cardText, string title)
    {
        var card = await WaitForCardAsync(cardText);
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = title, Exact = true }).ClickAsync();
    }

    /// <summary>Fills the input labelled <paramref name="label"/> on the newest card showing <paramref name="cardText"/>.</summary>
    public async Task FillCardInputAsync(string cardText, string label, string value)
    {
        var card = await WaitForCardAsync(cardText);
        await card.GetByLabel(label).FillAsync(value);
    }

    /// <summary>Saves a full-page screenshot under the repository's TestResults/ and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = RepoPaths.Combine("TestResults", name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? name : name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await App.DisposeAsync();
    }

    private ILocator SendBox => Page.Locator("[data-id='webchat-sendbox-input']");
}
