using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Testing.Browser;

/// <summary>
/// Headless Chromium showing a Microsoft 365 Agents Playground of its own, which talks to the class's
/// <see cref="PlaygroundBot"/>: what a person sees in Teams, driven by a test. Selectors are the playground's
/// accessible names and the Adaptive Cards renderer's classes; buttons are found by their visible title, whatever
/// action type they use.
/// <code>
/// await using var browser = await PlaygroundBrowser.OpenAsync(bot);
/// await browser.SendAsync("help");
/// await browser.WaitForCardAsync("What I can do");
/// </code>
/// </summary>
public sealed partial class PlaygroundBrowser : IAsyncDisposable
{
    /// <summary>Debian's Chromium; Playwright is never allowed to download a browser of its own.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The tree items of the playground's chats and channels.</summary>
    public const string PersonalChat = "Personal Chat";
    public const string GroupChat = "Group Chat";
    public const string GeneralChannel = "My Team - General";

    /// <summary>The Entra object id of the playground's signed-in person, Alex Wilber (<c>.m365agentsplayground.yml</c>).</summary>
    public const string UserAadObjectId = "00000000-0000-0000-0000-0000000000020";

    /// <summary>The mocked team's id, which is also its General channel's conversation id.</summary>
    public const string TeamId = "team-id";

    /// <summary>The start of the title of the card the bot sends when it is installed.</summary>
    public const string WelcomeTitle = "Welcome, ";

    public const int DesktopWidth = 1280;
    public const int NarrowWidth = 420;

    private readonly IPlaywright playwright;
    private readonly IBrowser browser;

    private PlaygroundBrowser(PlaygroundBot bot, AgentsPlayground playground, IPlaywright playwright, IBrowser browser, IPage page)
    {
        Bot = bot;
        Playground = playground;
        this.playwright = playwright;
        this.browser = browser;
        Page = page;
    }

    public PlaygroundBot Bot { get; }

    public PartnerBotFactory App => Bot.App;

    public AgentsPlayground Playground { get; }

    public IPage Page { get; }

    /// <summary>The library this playground's tenant is.</summary>
    public WorkspaceKey Workspace => WorkspaceKey.DefaultFor(Playground.TenantId);

    /// <summary>How long to wait for the bot's answer to show, in milliseconds.</summary>
    public static float Timeout { get; set; } = 30_000;

    /// <summary>Where screenshots go: TestResults/playground under the repository root.</summary>
    public static string ScreenshotFolder => RepoPaths.Combine("TestResults", "playground");

    /// <summary>
    /// Starts a playground for <paramref name="bot"/> and Chromium, opens the playground and waits until the bot's
    /// welcome (sent on the installation the playground reports) shows in the personal chat.
    /// </summary>
    public static async Task<PlaygroundBrowser> OpenAsync(PlaygroundBot bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}. Run ./test.sh (it installs it as root) or: sudo apt-get install chromium");
        }

        var playground = await AgentsPlayground.StartAsync(bot.MessagesUrl, TimeSpan.FromSeconds(60));
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = DesktopWidth, Height = 900 } });
            page.SetDefaultTimeout(Timeout);
            var opened = new PlaygroundBrowser(bot, playground, playwright, browser, page);
            await page.GotoAsync(playground.Url + "/");
            try
            {
                await opened.WaitForCardAsync(WelcomeTitle);
            }
            catch (TimeoutException)
            {
                await opened.ScreenshotAsync("open-failed");
                throw;
            }

            return opened;
        }
        catch
        {
            playwright?.Dispose();
            await playground.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens a chat or channel from the left rail, e.g. <see cref="GeneralChannel"/>, and waits until it shows: a channel's
    /// Post button, or a chat's compose box once every card of the previous conversation is gone. Those cards are marked
    /// before the click, so a card the new conversation already holds (the bot's welcome where it was added) is never
    /// mistaken for one of them.
    /// </summary>
    public async Task OpenConversationAsync(string name)
    {
        var shown = await Page.EvaluateAsync<int>(
            "() => { const cards = document.querySelectorAll('.ac-adaptiveCard'); cards.forEach(c => c.setAttribute('data-earlier-conversation', '')); return cards.length; }");
        var item = Page.GetByRole(AriaRole.Treeitem, new PageGetByRoleOptions { Name = name, Exact = true });
        await item.ClickAsync();
        try
        {
            if (name.StartsWith("My Team", StringComparison.Ordinal))
            {
                await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Post", Exact = true }).WaitForAsync();
            }
            else if (shown > 0)
            {
                await Page.WaitForFunctionAsync(
                    "() => [...document.querySelectorAll('.ac-adaptiveCard[data-earlier-conversation]')].every(c => !c.checkVisibility())",
                    null,
                    new PageWaitForFunctionOptions { Timeout = Timeout, PollingInterval = 100 });
            }

            await Composer.Last.WaitForAsync();
        }
        catch (TimeoutException)
        {
            await ScreenshotAsync("open-" + name.Replace(' ', '-') + "-failed");
            throw new TimeoutException($"'{name}' did not open within {Timeout / 1000:F0} s. Log Panel: {await LogPanelTextAsync()}");
        }
    }

    /// <summary>
    /// Types into the chat's compose box and sends, as a person would; with <paramref name="mentionBot"/> the message
    /// starts with an @mention of the bot picked from the playground's suggestions, as in a group chat.
    /// </summary>
    public async Task SendAsync(string text, bool mentionBot = false)
    {
        var box = Composer.Last;
        await box.ClickAsync();
        if (mentionBot)
        {
            await MentionBotAsync();
        }

        await Page.Keyboard.InsertTextAsync(text);
        await Page.Keyboard.PressAsync("Enter");
    }

    /// <summary>
    /// Starts a new post in the open channel: "@PartnerBot" picked from the suggestions, then <paramref name="text"/>,
    /// then Post. Returns the post's thread, where the bot's replies show.
    /// </summary>
    public async Task<ILocator> PostInChannelAsync(string text)
    {
        await Composer.First.ClickAsync();
        await MentionBotAsync();
        await Page.Keyboard.InsertTextAsync(" " + text);
        await Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Post", Exact = true }).ClickAsync();
        // The thread whose post reads exactly the text (the playground shows the newest post first).
        var thread = Page.GetByRole(AriaRole.Group)
            .Filter(new LocatorFilterOptions { Has = Page.GetByText(text, new PageGetByTextOptions { Exact = true }) }).First;
        await thread.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        return thread;
    }

    /// <summary>Waits for a rendered Adaptive Card that shows <paramref name="text"/>, and returns the newest such card.</summary>
    public async Task<ILocator> WaitForCardAsync(string text, ILocator? within = null)
    {
        var card = Cards(text, within).Last;
        try
        {
            await card.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        }
        catch (TimeoutException e)
        {
            // What the page and the playground's Log Panel showed, so a failure says what arrived instead.
            var log = await LogPanelTextAsync();
            var shots = await ScreenshotAsync("no-card-" + new string(text.Where(char.IsLetterOrDigit).Take(30).ToArray()));
            throw new TimeoutException($"No card showing \"{text}\" within {Timeout / 1000:0} s. Screenshots: {string.Join(", ", shots)}. Log Panel (end): {log[^Math.Min(log.Length, 2000)..]}", e);
        }

        return card;
    }

    /// <summary>Every rendered card showing <paramref name="text"/>, oldest first.</summary>
    public ILocator Cards(string text, ILocator? within = null) =>
        (within ?? Page.Locator("body")).Locator(".ac-adaptiveCard").Filter(new LocatorFilterOptions { HasText = text });

    /// <summary>Runs <paramref name="action"/> and waits until one more card showing <paramref name="text"/> is rendered; returns it.</summary>
    public async Task<ILocator> WaitForNewCardAsync(string text, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var cards = Cards(text);
        var before = await cards.CountAsync();
        await action();
        var card = cards.Nth(before);
        await card.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        return card;
    }

    /// <summary>Waits for a message in the conversation (not the Log Panel) that shows <paramref name="text"/>.</summary>
    public async Task<ILocator> WaitForTextAsync(string text, ILocator? within = null)
    {
        var found = (within ?? Page.Locator("body")).GetByText(text).And(Page.Locator(":not([spellcheck='false'] *)")).Last;
        await found.WaitForAsync(new LocatorWaitForOptions { Timeout = Timeout });
        return found;
    }

    /// <summary>Clicks the button titled <paramref name="title"/> on the newest card showing <paramref name="cardText"/>.</summary>
    public async Task ClickCardButtonAsync(string cardText, string title, ILocator? within = null)
    {
        var card = await WaitForCardAsync(cardText, within);
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = title, Exact = true }).ClickAsync();
    }

    /// <summary>Fills the input labelled <paramref name="label"/> on the newest card showing <paramref name="cardText"/>.</summary>
    public async Task FillCardInputAsync(string cardText, string label, string value)
    {
        var card = await WaitForCardAsync(cardText);
        await card.GetByLabel(label).First.FillAsync(value);
    }

    /// <summary>
    /// Picks <paramref name="choice"/> in the drop-down labelled <paramref name="label"/> on the newest card showing
    /// <paramref name="cardText"/>. The Teams renderer draws a compact choice set as a combo box whose options are the
    /// choices' titles; <paramref name="choice"/> is a title, or its start before " – " ("5" for "5 – much stronger").
    /// </summary>
    public async Task ChooseAsync(string cardText, string label, string choice)
    {
        var card = await WaitForCardAsync(cardText);
        var box = card.GetByRole(AriaRole.Combobox, new LocatorGetByRoleOptions { Name = label, Exact = false }).First;
        await box.ClickAsync();
        var name = new Regex("^" + Regex.Escape(choice) + "( – .*)?$");
        await Page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { NameRegex = name }).First.ClickAsync();
        await Page.GetByRole(AriaRole.Listbox).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden, Timeout = Timeout });
    }

    /// <summary>What the playground's Log Panel shows: every activity to and from the bot with its HTTP status, and warnings.</summary>
    public Task<string> LogPanelTextAsync() => Page.Locator("[contenteditable='true'][spellcheck='false']").InnerTextAsync();

    /// <summary>The Log Panel entries that report an error or a refused call (HTTP 4xx or 5xx).</summary>
    public async Task<IReadOnlyList<string>> LogPanelErrorsAsync() =>
        (await LogPanelTextAsync()).Split('\n')
            .Where(line => line.Contains("Error", StringComparison.OrdinalIgnoreCase) || FailedStatus().IsMatch(line))
            .ToList();

    /// <summary>
    /// Saves screenshots of the conversation at a desktop width and at Teams' narrow pane (420 px) under
    /// <see cref="ScreenshotFolder"/>, and returns their paths. For the narrow one the playground's own panels (Log Panel,
    /// chat list) are hidden so the conversation has the width; call it last in a test, the page stays so.
    /// </summary>
    public async Task<IReadOnlyList<string>> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var desktop = Path.Combine(ScreenshotFolder, $"{name}-{DesktopWidth.ToString(CultureInfo.InvariantCulture)}.png");
        await Page.SetViewportSizeAsync(DesktopWidth, 900);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = desktop });

        var narrow = Path.Combine(ScreenshotFolder, $"{name}-{NarrowWidth.ToString(CultureInfo.InvariantCulture)}.png");
        var hideLog = Page.GetByTitle("Hide log panel");
        if (await hideLog.IsVisibleAsync())
        {
            await hideLog.ClickAsync();
        }

        await Page.SetViewportSizeAsync(NarrowWidth, 900);
        // The playground keeps its chat list beside the conversation at any width; Teams' narrow pane has none.
        await Page.AddStyleTagAsync(new PageAddStyleTagOptions { Content = "[role='region'][aria-label='Chat and Teams Channel'] { display: none !important; }" });
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = narrow });
        return [desktop, narrow];
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        await Playground.DisposeAsync();
    }

    private ILocator Composer => Page.Locator("[data-lexical-editor='true']");

    private async Task MentionBotAsync()
    {
        // Typed key by key, as the playground opens its suggestions on the "@" and filters them as the name grows.
        await Page.Keyboard.TypeAsync("@Partner", new KeyboardTypeOptions { Delay = 30 });
        var suggestion = Page.GetByRole(AriaRole.Menuitem).Filter(new LocatorFilterOptions { HasText = "PartnerBot" }).First;
        try
        {
            await suggestion.ClickAsync();
        }
        catch (TimeoutException)
        {
            await ScreenshotAsync("mention-failed");
            throw;
        }
    }

    // "message 500", "invoke 400": the playground's log line for a call the bot (or the playground) refused.
    [GeneratedRegex(@"\b[A-Za-z]+ [45]\d\d\b")]
    private static partial Regex FailedStatus();
}
