using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.Contacts;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Tests.FollowThrough;

/// <summary>A reminder about an open next step can edit the step's text with the prompt card's own edit.</summary>
public class NudgeCardEditTests
{
    private static NudgeCause Cause(NudgeKind kind) => new()
    {
        Kind = kind,
        PartnerId = "p1",
        PartnerName = "City Museum",
        EntityId = kind is NudgeKind.NextStepDueSoon or NudgeKind.NextStepOverdue ? "s1" : "p1",
        Occurrence = Seed.Today,
        RecipientUserId = "u1",
        Reason = "Due soon",
    };

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Nodes(kv.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };

    [Fact]
    public void StepReminder_HasEditStep_WithTheStepsText_TheStepsVersion_AndThePromptCardsAction()
    {
        var card = NudgeCard.Build(new NudgeView(Cause(NudgeKind.NextStepDueSoon), PartnerStage.InTalks, null, 1, "W/\"v1\"", "Send the proposal")).ToJson();

        var edit = Nodes(card).Single(o => (string?)o["type"] == "Action.ShowCard" && (string?)o["title"] == "Edit step");
        var input = Nodes(edit).Single(o => (string?)o["type"] == "Input.Text");
        Assert.Equal(("text", "Send the proposal", ContactCards.MaxText), ((string?)input["id"], (string?)input["value"], (int?)input["maxLength"]));
        var save = Nodes(edit).Single(o => (string?)o["type"] == "Action.Execute");
        Assert.Equal((ContactCards.EditAction, "s1", "W/\"v1\""), ((string?)save["data"]!["action"], (string?)save["data"]!["step"], (string?)save["data"]!["etag"]));

        // A reminder about the partner as a whole (quiet, health check due) has no step to edit.
        foreach (var kind in new[] { NudgeKind.QuietPartner, NudgeKind.HealthCheckDue })
        {
            var other = NudgeCard.Build(new NudgeView(Cause(kind), PartnerStage.Active, null, 0, null, "Send the proposal")).ToJson();
            Assert.DoesNotContain(Nodes(other), o => (string?)o["title"] == "Edit step");
        }
    }
}
