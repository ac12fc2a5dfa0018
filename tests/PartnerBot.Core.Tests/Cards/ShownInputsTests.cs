using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;

namespace PartnerBot.Core.Tests.Cards;

/// <summary>A card lists the inputs it showed, so a cleared input (which Teams leaves out) is told apart from one it never showed.</summary>
public class ShownInputsTests
{
    [Fact]
    public void Card_EachSubmitWithInputs_ListsTheInputsItSends()
    {
        var card = new AdaptiveCard
        {
            Body = { new TextInput { Id = "name" } },
            Actions =
            {
                new SubmitAction { Title = "Save", Data = new JsonObject { ["action"] = "save" } },
                new SubmitAction { Title = "Cancel", Data = new JsonObject { ["action"] = "cancel" }, AssociatedInputs = "none" },
                new ShowCardAction { Title = "More", Card = new AdaptiveCard { Body = { new DateInput { Id = "due" } }, Actions = { new SubmitAction { Title = "Plan", Data = new JsonObject { ["action"] = "plan" } } } } },
                new ShowCardAction { Title = "Other", Card = new AdaptiveCard { Body = { new TextInput { Id = "why" } }, Actions = { new SubmitAction { Title = "Note", Data = new JsonObject { ["action"] = "note" } } } } },
            },
        }.ToJson();

        var actions = card["actions"]!.AsArray();
        Assert.Equal(["name"], Shown(actions[0]!["data"]));
        Assert.Null(actions[1]!["data"]![ShownInputs.Key]);
        Assert.Equal(["name", "due"], Shown(actions[2]!["card"]!["actions"]![0]!["data"]));
        Assert.Equal(["name", "why"], Shown(actions[3]!["card"]!["actions"]![0]!["data"]));
    }

    [Fact]
    public void Complete_AShownInputLeftOut_IsEmpty_OthersAsSent()
    {
        var submit = new JsonObject { ["action"] = "save", ["name"] = "Ada", [ShownInputs.Key] = new JsonArray("name", "due") };

        var complete = ShownInputs.Complete(submit);

        Assert.Equal("", (string?)complete["due"]);
        Assert.Equal("Ada", (string?)complete["name"]);
        Assert.False(complete.ContainsKey(ShownInputs.Key));
        Assert.False(complete.ContainsKey("why"));
    }

    [Fact]
    public void Complete_ASubmitWithoutTheList_IsAsSent()
    {
        var submit = new JsonObject { ["action"] = "save" };

        Assert.Same(submit, ShownInputs.Complete(submit));
        Assert.False(ShownInputs.Complete(new JsonObject { ["action"] = "save", [ShownInputs.Key] = "forged" }).ContainsKey(ShownInputs.Key));
    }

    [Fact]
    public void NudgeSettings_AnInputTheCardDidNotShow_IsLeftAlone()
    {
        var current = new DeliveryPreferences { VacationUntil = new DateOnly(2026, 12, 24), MutedKinds = new HashSet<NudgeKind> { NudgeKind.QuietPartner } };
        var submit = new JsonObject { ["action"] = FollowThroughActions.SaveSettings, [ShownInputs.Key] = new JsonArray("vacationUntil") };

        var (next, problems) = NudgeSettingsCard.Parse(ShownInputs.Complete(submit), current);

        Assert.Empty(problems);
        Assert.Null(next!.VacationUntil);
        Assert.Equal([NudgeKind.QuietPartner], next.MutedKinds);
    }

    private static List<string> Shown(JsonNode? data) => data![ShownInputs.Key]!.AsArray().Select(n => (string)n!).ToList();
}
