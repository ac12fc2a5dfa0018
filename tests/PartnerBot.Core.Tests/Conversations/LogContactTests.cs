using PartnerBot.Core.Intents;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class LogContactTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-log");

    private static async Task<(TestBot Bot, Transcript Ana)> StartAsync()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum");
        await ana.AddPartnerAsync("Youth Services");
        return (bot, ana);
    }

    private static async Task<PartnerHistory> HistoryOfAsync(TestBot bot, string name)
    {
        var partner = (await ((IPartnerStore)bot.Stores).ListAsync(Ws, default)).Single(p => p.Name == name);
        return await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partner.Id, default);
    }

    [Fact]
    public async Task Log_SavesTheContact_AndThePartnerIsNoLongerQuiet()
    {
        var (bot, ana) = await StartAsync();

        await ana.SayAsync("log city museum");
        Assert.Contains("Log a contact with City Museum", ana.Text, StringComparison.Ordinal);
        await ana.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = "Called Ana about the autumn festival", ["date"] = "2026-11-20" });

        Assert.Contains("Logged your contact with City Museum (20 Nov 2026)", ana.Text, StringComparison.Ordinal);
        var logged = Assert.Single((await HistoryOfAsync(bot, "City Museum")).Interactions);
        Assert.Equal("Called Ana about the autumn festival", logged.Summary);
        Assert.Equal(new DateOnly(2026, 11, 20), DateOnly.FromDateTime(logged.OccurredAt.UtcDateTime));
        await ana.SayAsync("who hasn't been contacted in a month?");
        Assert.Contains("Youth Services", ana.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("City Museum", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("resume");
        Assert.Contains("nothing open to resume", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_TooLongOrInTheFuture_IsRefusedWithTheReason_AndNothingIsSaved()
    {
        var (bot, ana) = await StartAsync();
        await ana.SayAsync("log City Museum");

        await ana.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = new string('x', 1001), ["date"] = "2026-11-20" });
        Assert.Contains("Nothing was logged: what happened may be at most 1,000 characters (it has 1,001).", ana.Text, StringComparison.Ordinal);

        await ana.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = "Meeting", ["date"] = "2026-12-01" });
        Assert.Contains("cannot be in the future", ana.Text, StringComparison.Ordinal);

        Assert.Empty((await HistoryOfAsync(bot, "City Museum")).Interactions);
        await ana.SayAsync("help");
        Assert.Contains("You are in logging a contact.", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("cancel");
        Assert.Contains("Cancelled logging a contact. Nothing was logged.", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_ForAnotherWorkspacesPartner_ChangesNothing()
    {
        var (bot, ana) = await StartAsync();
        var other = bot.Talk("t-log-other", "x1", "Xavier");
        await other.AddPartnerAsync("Far Away Museum");
        var foreign = (await ((IPartnerStore)bot.Stores).ListAsync(WorkspaceKey.DefaultFor("t-log-other"), default)).Single();

        await ana.SubmitAsync(new System.Text.Json.Nodes.JsonObject { ["action"] = "contact.log", ["partner"] = foreign.Id, ["summary"] = "x", ["date"] = "2026-11-20" });

        Assert.Contains("not in your workspace", ana.Text, StringComparison.Ordinal);
        Assert.Empty((await ((IPartnerHistoryStore)bot.Stores).GetAsync(WorkspaceKey.DefaultFor("t-log-other"), foreign.Id, default)).Interactions);
    }

    [Fact]
    public async Task PartnerCard_OfAnAgreedPartnership_OffersLogContactNotScreening_AndTheButtonOpensTheLogCard()
    {
        var (bot, ana) = await StartAsync();
        var partners = (IPartnerStore)bot.Stores;
        var museum = (await partners.ListAsync(Ws, default)).Single(p => p.Name == "City Museum");
        var stored = await partners.GetAsync(Ws, museum.Id, default);
        await partners.SaveAsync(Ws, stored!.Value with { Stage = Partners.PartnerStage.Active }, stored.ETag, default);

        await ana.SayAsync("partner City Museum");
        var titles = ana.LastCard["actions"]!.AsArray().Select(a => (string?)a!["title"]).ToList();
        Assert.Equal(["Log contact", "Next step", "Health check", "More"], titles);
        await ana.ClickAsync("Log contact");
        Assert.Contains("Log a contact with City Museum", ana.Text, StringComparison.Ordinal);

        await ana.SayAsync("partner Youth Services");
        Assert.Equal(["Screen", "Assess", "Contact", "More"], ana.LastCard["actions"]!.AsArray().Select(a => (string?)a!["title"]).ToList());
    }
}
