using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.FollowThrough;

namespace PartnerBot.Core.Tests.Cards;

/// <summary>Every button that sends data is a Teams Universal Action, so the bot can answer with the card that replaces it.</summary>
public sealed class ExecuteActionsTests
{
    [Fact]
    public async Task EveryCardFromTheFlows_SendsDataOnlyByActionExecute_WithTheActionAsItsVerb()
    {
        var cards = await TypedTextInCardsTests.CardsFromTheFlowsAsync();

        var sending = cards.SelectMany(c => Objects(c.Card).Where(o => o["data"] is JsonObject && ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true)
            .Select(a => (c.Name, Action: a))).ToList();

        Assert.NotEmpty(sending);
        Assert.All(sending, x =>
        {
            Assert.True((string?)x.Action["type"] == SubmitAction.ExecuteType, $"{x.Name}: {x.Action.ToJsonString()}");
            Assert.False(string.IsNullOrEmpty((string?)x.Action["verb"]), $"{x.Name}: a button without a verb: {x.Action.ToJsonString()}");
            Assert.Equal((string?)x.Action["data"]!["action"], (string?)x.Action["verb"]);
        });
        Assert.DoesNotContain(cards, c => c.Card.ToJsonString().Contains("Action.Submit", StringComparison.Ordinal));
    }

    [Fact]
    public void CommonButtons_KeepTheirInputRules_AsExecute()
    {
        var command = Buttons.Command("Partners", BotCommands.Menu[0]).ToJson();
        var cancel = Buttons.Cancel().ToJson();
        var submit = Buttons.Submit("Save", "thing.save", new JsonObject { ["etag"] = "W/1" }).ToJson();

        Assert.Equal(("Action.Execute", CardActions.Command, "none"), ((string?)command["type"], (string?)command["verb"], (string?)command["associatedInputs"]));
        Assert.Equal(("Action.Execute", CardActions.Cancel, "none"), ((string?)cancel["type"], (string?)cancel["verb"], (string?)cancel["associatedInputs"]));
        Assert.Equal(("Action.Execute", "thing.save", null, "W/1"), ((string?)submit["type"], (string?)submit["verb"], (string?)submit["associatedInputs"], (string?)submit["data"]!["etag"]));
    }

    [Fact]
    public void Button_WithoutAnActionName_RefusesToBuild()
    {
        var button = new SubmitAction { Title = "Nameless", Data = new JsonObject { ["partner"] = "p1" } };

        Assert.Throws<InvalidOperationException>(() => button.ToJson());
    }

    [Fact]
    public void DigestRefresh_NamesAtMost60PeopleOnce_AndCarriesTheRefreshVerb()
    {
        var ids = Enumerable.Range(0, 70).Select(i => $"29:user-{i}").Prepend("29:user-0").ToList();

        var json = DigestViews.Refresh("default", "A quiet week.", ids).ToJson();

        var userIds = json["userIds"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(CardRefresh.MaxUserIds, userIds.Count);
        Assert.Equal(userIds.Count, userIds.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(("Action.Execute", "refresh", "digest"), ((string?)json["action"]!["type"], (string?)json["action"]!["verb"], (string?)json["action"]!["data"]!["view"]));
    }

    [Fact]
    public void CardRefresh_WithMoreThan60People_RefusesToBuild()
    {
        var refresh = new CardRefresh { Data = new JsonObject(), UserIds = [.. Enumerable.Range(0, 61).Select(i => $"29:{i}")] };

        Assert.Throws<InvalidOperationException>(() => refresh.ToJson());
    }

    [Fact]
    public void ManagersOwnSteps_OverdueFirst_OnlyTheirsAndOpen_OnPartnersInPlay()
    {
        var partners = new[]
        {
            Seed.Partner("a", PartnerStage.Active) with { Name = "Alpha" },
            Seed.Partner("z", PartnerStage.Ended) with { Name = "Gone", Archived = new PartnerArchive(Seed.Now.AddDays(-1), "m1") },
        };
        var histories = new Dictionary<string, PartnerHistory>
        {
            ["a"] = new()
            {
                NextSteps =
                [
                    Seed.Step("s1", "a", Seed.Today.AddDays(5)) with { Description = "Later" },
                    Seed.Step("s2", "a", Seed.Today.AddDays(-2)) with { Description = "Late" },
                    Seed.Step("s3", "a", Seed.Today.AddDays(-9), NextStepStatus.Done) with { Description = "Closed" },
                    Seed.Step("s4", "a", Seed.Today.AddDays(-9)) with { Description = "Someone else's", AssigneeUserId = "u2" },
                ],
            },
            ["z"] = new() { NextSteps = [Seed.Step("s5", "z", Seed.Today.AddDays(-1)) with { Description = "Archived" }] },
        };

        var steps = DigestViews.StepsOf("u1", partners, histories, Seed.Today);

        Assert.Equal(["Late"], steps.Overdue.Select(s => s.Split(": ")[1].Split(" (")[0]));
        Assert.Equal(["Later"], steps.Open.Select(s => s.Split(": ")[1].Split(" (")[0]));
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
