using System.Text.Json.Nodes;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class EditContactTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-edit-contact");

    private static async Task<(TestBot Bot, Transcript Ana, Transcript Ben)> StartAsync()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ben.SayAsync("hello");
        return (bot, ana, ben);
    }

    private static async Task<PartnerHistory> HistoryAsync(TestBot bot)
    {
        var partner = (await ((IPartnerStore)bot.Stores).ListAsync(Ws, default)).Single(p => p.Name == "City Museum");
        return await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partner.Id, default);
    }

    private static async Task LogAsync(Transcript who, string summary, string date)
    {
        await who.SayAsync("log City Museum");
        await who.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = summary, ["date"] = date });
        Assert.Contains("Logged your contact with City Museum", who.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_FromTheLogCard_ChangesTextAndDay_AndTheQuietReminderUsesTheNewDay()
    {
        var (bot, ana, _) = await StartAsync();
        await LogAsync(ana, "Called about the festival", "2026-11-20");

        await ana.SayAsync("log City Museum");
        await ana.ClickAsync("Edit the last contact");
        Assert.Contains("Edit a contact with City Museum", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Called about the festival", ana.Text, StringComparison.Ordinal);
        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["summary"] = "Met Ana at the museum", ["date"] = "2026-10-01" });

        Assert.Contains("Updated the contact with City Museum (1 Oct 2026)", ana.Text, StringComparison.Ordinal);
        var edited = Assert.Single((await HistoryAsync(bot)).Interactions);
        Assert.Equal("Met Ana at the museum", edited.Summary);
        Assert.Equal(new DateOnly(2026, 10, 1), DateOnly.FromDateTime(edited.OccurredAt.UtcDateTime));
        await ana.SayAsync("who hasn't been contacted in a month?");
        Assert.Contains("City Museum", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_TooLongOrInTheFuture_IsRefusedWithTheCount_AndNothingChanges()
    {
        var (bot, ana, _) = await StartAsync();
        await LogAsync(ana, "Called", "2026-11-20");
        await ana.SayAsync("log City Museum");
        await ana.ClickAsync("Edit the last contact");

        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["summary"] = new string('x', 1001) });
        Assert.Contains("Nothing was changed: what happened may be at most 1,000 characters (it has 1,001).", ana.Text, StringComparison.Ordinal);
        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["date"] = "2026-12-01" });
        Assert.Contains("cannot be in the future", ana.Text, StringComparison.Ordinal);

        var kept = Assert.Single((await HistoryAsync(bot)).Interactions);
        Assert.Equal("Called", kept.Summary);
        Assert.Equal(new DateOnly(2026, 11, 20), DateOnly.FromDateTime(kept.OccurredAt.UtcDateTime));
    }

    [Fact]
    public async Task Edit_FromAStaleCard_SaysSomeoneChangedIt_AndChangesNothing()
    {
        var (bot, ana, _) = await StartAsync();
        await LogAsync(ana, "Called", "2026-11-20");
        await ana.SayAsync("log City Museum");
        await ana.ClickAsync("Edit the last contact");
        var stale = ana.BuildSubmit("Save changes", new Dictionary<string, string> { ["summary"] = "Stale text" });

        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["summary"] = "First edit" });
        Assert.Contains("Updated the contact", ana.Text, StringComparison.Ordinal);
        await ana.SubmitAsync(stale);

        Assert.Contains("Someone changed this contact after the card was sent", ana.Text, StringComparison.Ordinal);
        Assert.Equal("First edit", Assert.Single((await HistoryAsync(bot)).Interactions).Summary);
    }

    [Fact]
    public async Task Edit_OfSomeoneElsesContact_ByStaff_IsRefused_ButAnAdminMayEditIt()
    {
        var (bot, ana, ben) = await StartAsync();
        await LogAsync(ana, "Ana's call", "2026-11-20");
        var history = await HistoryAsync(bot);
        var anas = Assert.Single(history.Interactions);

        await ben.SayAsync("log City Museum");
        Assert.DoesNotContain("Edit the last contact", ben.Text, StringComparison.Ordinal);
        await ben.SubmitAsync(new JsonObject
        {
            ["action"] = "contact.edit",
            ["partner"] = anas.PartnerId,
            ["interaction"] = anas.Id,
            ["version"] = history.InteractionETags[anas.Id],
            ["summary"] = "Ben's rewrite",
            ["date"] = "2026-11-20",
        });
        Assert.Contains("Only the person who logged this contact, a manager or an admin", ben.Text, StringComparison.Ordinal);
        await ben.SubmitAsync(new JsonObject { ["action"] = "contact.edit-open", ["partner"] = anas.PartnerId, ["interaction"] = anas.Id });
        Assert.Contains("Only the person who logged this contact", ben.Text, StringComparison.Ordinal);
        Assert.Equal("Ana's call", Assert.Single((await HistoryAsync(bot)).Interactions).Summary);

        await LogAsync(ben, "Ben's visit", "2026-11-21");
        await ana.SayAsync("log City Museum");
        await ana.ClickAsync("Edit the last contact");
        Assert.Contains("Ben's visit", ana.Text, StringComparison.Ordinal);
        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["summary"] = "Ben's visit to the archive" });
        Assert.Contains("Updated the contact", ana.Text, StringComparison.Ordinal);
        Assert.Contains((await HistoryAsync(bot)).Interactions, i => i.UserId == "u2" && i.Summary == "Ben's visit to the archive");
    }

    [Fact]
    public async Task Edit_OfAContactNotInThisPartner_ChangesNothing()
    {
        var (bot, ana, _) = await StartAsync();
        await LogAsync(ana, "Called", "2026-11-20");
        var partner = Assert.Single(await ((IPartnerStore)bot.Stores).ListAsync(Ws, default));

        await ana.SubmitAsync(new JsonObject
        {
            ["action"] = "contact.edit",
            ["partner"] = partner.Id,
            ["interaction"] = "nope",
            ["version"] = "W/\"1\"",
            ["summary"] = "x",
            ["date"] = "2026-11-20",
        });

        Assert.Contains("no longer logged for this partner", ana.Text, StringComparison.Ordinal);
        Assert.Equal("Called", Assert.Single((await HistoryAsync(bot)).Interactions).Summary);
    }
}
