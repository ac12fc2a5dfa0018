using System.Text.Json.Nodes;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

/// <summary>Each recent contact on the partner card has its own Edit, under the contact edit's rules. Ana is the admin, Ben staff.</summary>
public class EditRecentContactTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-edit-recent");

    private static async Task<(TestBot Bot, Transcript Ana, Transcript Ben)> StartAsync()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ben.SayAsync("help");
        return (bot, ana, ben);
    }

    private static async Task<PartnerHistory> HistoryAsync(TestBot bot)
    {
        var partner = (await ((IPartnerStore)bot.Stores).ListAsync(Ws, default)).Single();
        return await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partner.Id, default);
    }

    private static async Task LogAsync(Transcript who, string summary, string date)
    {
        await who.SayAsync("log City Museum");
        await who.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = summary, ["date"] = date });
        Assert.Contains("Logged your contact with City Museum", who.Text, StringComparison.Ordinal);
    }

    /// <summary>The interaction ids the Edit buttons of a partner card name, top to bottom.</summary>
    private static List<string> EditButtons(JsonObject card) =>
        Nodes(card).Where(o => (string?)o["type"] == "Action.Execute" && (string?)o["data"]?["action"] == "contact.edit-open")
            .Select(o => (string)o["data"]!["interaction"]!).ToList();

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Nodes(kv.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };

    [Fact]
    public async Task PartnerCard_EachRecentContactHasItsOwnEdit_AndEditingAnOlderOneChangesOnlyIt()
    {
        var (bot, ana, _) = await StartAsync();
        await LogAsync(ana, "First call", "2026-11-10");
        await LogAsync(ana, "Second call", "2026-11-15");
        await LogAsync(ana, "Third call", "2026-11-20");
        var history = await HistoryAsync(bot);
        var byText = history.Interactions.ToDictionary(i => i.Summary, i => i.Id);

        await ana.SayAsync("partner city museum");
        Assert.Equal([byText["Third call"], byText["Second call"], byText["First call"]], EditButtons(ana.LastCard));

        await ana.SubmitAsync(new JsonObject { ["action"] = "contact.edit-open", ["partner"] = history.Interactions[0].PartnerId, ["interaction"] = byText["First call"] });
        Assert.Contains("Edit a contact with City Museum", ana.Text, StringComparison.Ordinal);
        Assert.Contains("First call", ana.Text, StringComparison.Ordinal);
        var stale = ana.BuildSubmit("Save changes", new Dictionary<string, string> { ["summary"] = "Stale" });
        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["summary"] = "First call, about the festival" });
        Assert.Contains("Updated the contact with City Museum", ana.Text, StringComparison.Ordinal);

        var after = (await HistoryAsync(bot)).Interactions.ToDictionary(i => i.Id, i => i.Summary);
        Assert.Equal("First call, about the festival", after[byText["First call"]]);
        Assert.Equal(("Second call", "Third call"), (after[byText["Second call"]], after[byText["Third call"]]));
        await ana.SubmitAsync(stale);
        Assert.Contains(ContactLog.Stale, ana.Text, StringComparison.Ordinal);
        Assert.Equal("First call, about the festival", (await HistoryAsync(bot)).Interactions.Single(i => i.Id == byText["First call"]).Summary);
    }

    [Fact]
    public async Task PartnerCard_StaffSeeEditOnlyOnTheirOwnContacts_AndTheLimitStillHolds()
    {
        var (bot, ana, ben) = await StartAsync();
        await LogAsync(ana, "Ana's call", "2026-11-18");
        await LogAsync(ben, "Ben's visit", "2026-11-19");
        var bens = (await HistoryAsync(bot)).Interactions.Single(i => i.UserId == "u2");

        await ben.SayAsync("partner city museum");
        Assert.Equal([bens.Id], EditButtons(ben.LastCard));
        await ana.SayAsync("partner city museum");
        Assert.Equal(2, EditButtons(ana.LastCard).Count);

        await ben.ClickAsync("Edit");
        await ben.ClickAsync("Save changes", new Dictionary<string, string> { ["summary"] = new string('x', 1001) });
        Assert.Contains("at most 1,000 characters (it has 1,001)", ben.Text, StringComparison.Ordinal);
        Assert.Equal("Ben's visit", (await HistoryAsync(bot)).Interactions.Single(i => i.Id == bens.Id).Summary);
    }
}
