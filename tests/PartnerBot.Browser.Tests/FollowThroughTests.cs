using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Testing.Browser;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Browser.Tests;

/// <summary>Follow-through in the Agents Playground: the digest on demand, the library's settings, and a nudge delivered through the outbox and snoozed.</summary>
public sealed class FollowThroughTests(PlaygroundBot bot) : IClassFixture<PlaygroundBot>
{
    [Fact]
    public async Task AdminAsksDigest_SeesDigestCard()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        await browser.SendAsync("digest");

        // The first person in a new workspace is its admin, so they get the digest; an empty workspace says where to start.
        var card = await browser.WaitForCardAsync("Partnership digest");
        Assert.Contains("The pipeline is empty", await card.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(await browser.LogPanelErrorsAsync());
        await browser.ScreenshotAsync("followthrough-digest");
    }

    [Fact]
    public async Task AdminChangesFollowUpSettings_WithStagesLeftEmpty()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        // Two stages are empty ("never") on the default card: the renderer must accept them, or Save would never reach the bot.
        await browser.SendAsync("follow-up settings");
        await browser.FillCardInputAsync("Follow-up settings for your library", "Remind this many days before a next step is due (default 2)", "5");
        await browser.ClickCardButtonAsync("Follow-up settings for your library", "Save");

        await browser.WaitForTextAsync("Saved the library's follow-up settings. The next planning pass uses them.");
        var stored = await bot.App.Services.GetRequiredService<IFollowThroughSettingsStore>().GetNudgeSettingsAsync(browser.Workspace, default);
        Assert.Equal(5, stored.DueSoonDays);
        Assert.Equal(NudgeSettings.Default.QuietDaysByStage.OrderBy(p => p.Key), stored.QuietDaysByStage.OrderBy(p => p.Key));
        await browser.ScreenshotAsync("followthrough-settings");
    }

    [Fact]
    public async Task ContactSnoozesNudge_ForAWeek()
    {
        await using var browser = await PlaygroundBrowser.OpenAsync(bot);

        // The welcome made the person a member of the playground's library with a stored conversation; make them a
        // partner's contact and hand a nudge to the delivery outbox, the way the planner does, so it travels the real
        // proactive path to the playground's connector.
        var services = bot.App.Services;
        var workspace = browser.Workspace;
        var member = Assert.Single(await services.GetRequiredService<IMemberStore>().ListAsync(workspace, default));
        Assert.Equal(PlaygroundBrowser.UserAadObjectId, member.UserId);
        var now = DateTimeOffset.UtcNow;
        await services.GetRequiredService<IPartnerStore>().SaveAsync(workspace, new Partner
        {
            Id = "p-nudge",
            Name = "Science Museum",
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Civic,
            Stage = PartnerStage.InTalks,
            CreatedByUserId = member.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        }, null, default);
        var cause = new NudgeCause
        {
            Kind = NudgeKind.QuietPartner,
            PartnerId = "p-nudge",
            PartnerName = "Science Museum",
            EntityId = "p-nudge",
            Occurrence = DateOnly.FromDateTime(now.UtcDateTime),
            RecipientUserId = member.UserId,
            Reason = "Nothing has been logged with Science Museum for 30 days while you are in talks.",
        };
        await services.GetRequiredService<IProactiveMessenger>().SendAsync(
            workspace, member.UserId, [BotReply.Show(NudgeCard.Build(new NudgeView(cause, PartnerStage.InTalks, null, 0)))], "nudge|" + cause.Key, default);
        Assert.Equal(1, (await services.GetRequiredService<OutboxDispatcher>().DrainAsync(default)).Sent);

        await browser.WaitForCardAsync("Nothing has been logged with Science Museum");
        await browser.ClickCardButtonAsync("Nothing has been logged with Science Museum", "Snooze");
        await browser.ClickCardButtonAsync("Nothing has been logged with Science Museum", "1 week");
        await browser.WaitForTextAsync("Snoozed: I will remind you again in a week.");

        var state = Assert.Single(
            await services.GetRequiredService<IFollowThroughSettingsStore>().ListNudgeStatesAsync(workspace, member.UserId, default),
            s => s.CauseKey == cause.Key);
        Assert.True(state.SnoozedUntil >= now.AddDays(6), $"snoozed until {state.SnoozedUntil}");
        Assert.Empty(await browser.LogPanelErrorsAsync());
        await browser.ScreenshotAsync("followthrough-snooze");
    }
}
