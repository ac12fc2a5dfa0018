using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.Contacts;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Cards;

/// <summary>Buttons that only open a card or form say so, so a host leaves the card they are on as it is.</summary>
public class OpenButtonsTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-open-buttons");

    [Fact]
    public void Open_CarriesTheFlag_AndNoInputs_WhileASubmitDoesNot()
    {
        var open = Buttons.Open("Edit", "x.edit-open", new JsonObject { ["id"] = "1" });
        var submit = Buttons.Submit("Save", "x.save", new JsonObject { ["id"] = "1" });

        Assert.True(Buttons.Opens(open.Data));
        Assert.Equal(("x.edit-open", "none"), (open.Verb, open.AssociatedInputs));
        Assert.False(Buttons.Opens(submit.Data));
        Assert.False(Buttons.Opens(new JsonObject { ["action"] = "x.save", [Buttons.OpensKey] = "yes" }));
    }

    [Fact]
    public async Task EditButtons_OnThePartnerCard_AndTheContactForm_AreOpenButtons()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum");
        var partners = (IPartnerStore)bot.Stores;
        var added = (await partners.ListAsync(Ws, default)).Single();
        var stored = (await partners.GetAsync(Ws, added.Id, default))!;
        await partners.SaveAsync(Ws, stored.Value with { Stage = PartnerStage.Active }, stored.ETag, default);
        await ana.SayAsync("log City Museum");
        await ana.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = "First call" });
        await ana.SayAsync("health City Museum");
        await ana.ClickAsync("Send", new Dictionary<string, string> { ["qPartnerInterestMet"] = "4", ["qLibraryInterestMet"] = "4", ["qCommunication"] = "4", ["qProgress"] = "4", ["qStrategicFit"] = "4" });

        await ana.SayAsync("partner City Museum");
        var card = ana.LastCard;
        await ana.SayAsync("log City Museum");
        var form = ana.LastCard;

        var opens = new[] { card, form }.SelectMany(Nodes)
            .Where(o => (string?)o["data"]?["action"] is LogContactCard.EditOpenAction or HealthCheckCard.EditOpenAction).ToList();
        Assert.Equal(3, opens.Count);
        Assert.All(opens, o => Assert.True(Buttons.Opens(o["data"]!.AsObject()), $"'{o["title"]}' is an open button."));
    }

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Nodes(kv.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };
}
