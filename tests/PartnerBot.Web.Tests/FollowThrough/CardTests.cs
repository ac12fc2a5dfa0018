using System.Text.Json.Nodes;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Partners;
using PartnerBot.Testing;

namespace PartnerBot.Web.Tests.FollowThrough;

public class CardTests
{
    [Fact]
    public async Task FollowThroughCards_AllPassTheOfficialParser()
    {
        var world = new FakeWorld();
        world.AddWorkspace("t1", partners: 40, withHistory: true);
        var digest = DigestBuilder.Build(world.DigestInput("t1"));
        var empty = DigestBuilder.Build(new FakeWorld().AddWorkspace("t2", partners: 0, withHistory: false).DigestInput("t2"));
        var step = new NudgeCause { Kind = NudgeKind.NextStepOverdue, PartnerId = "p/1", PartnerName = "Café #1 / Ü?", EntityId = "s1", Occurrence = new DateOnly(2026, 11, 20), RecipientUserId = "u1", Reason = "Overdue." };

        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject>
        {
            ["nudge-step"] = NudgeCard.Build(new NudgeView(step, PartnerStage.InTalks, new DateOnly(2026, 11, 1), 2)).ToJson(),
            ["nudge-partner"] = NudgeCard.Build(new NudgeView(step with { Kind = NudgeKind.QuietPartner, EntityId = "p/1" }, PartnerStage.Active, null, 0)).ToJson(),
            ["health"] = HealthCheckCard.Build("p/1", "Café #1").ToJson(),
            ["settings"] = NudgeSettingsCard.Build(DeliveryPreferences.Default with { VacationUntil = new DateOnly(2026, 12, 24) }, "Europe/Berlin").ToJson(),
            ["digest"] = DigestCard.Build(digest, RuleBasedDigestNarrator.Narrate(DigestNarrative.ToFacts(digest))).ToJson(),
            ["digest-empty"] = DigestCard.Build(empty, RuleBasedDigestNarrator.Narrate(DigestNarrative.ToFacts(empty))).ToJson(),
        });
    }

    [Fact]
    public void NudgeCard_OffersEveryAction()
    {
        var cause = new NudgeCause { Kind = NudgeKind.NextStepDueSoon, PartnerId = "p1", PartnerName = "Museum", EntityId = "s1", Occurrence = new DateOnly(2026, 11, 25), RecipientUserId = "u1", Reason = "Due soon." };

        var json = NudgeCard.Build(new NudgeView(cause, PartnerStage.InTalks, null, 1)).ToJson().ToJsonString();

        foreach (var action in new[] { FollowThroughActions.Done, FollowThroughActions.LogInteraction, FollowThroughActions.Reschedule, FollowThroughActions.Snooze, FollowThroughActions.HandOver })
        {
            Assert.Contains($"\"action\":\"{action}\"", json, StringComparison.Ordinal);
        }

        Assert.Contains("\"length\":\"week\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsCard_Parse_BadValues_ReportProblemsAndSaveNothing()
    {
        var (prefs, problems) = NudgeSettingsCard.Parse(new JsonObject { ["workStart"] = "25:00", ["workingDays"] = "Monday,Caturday", ["vacationUntil"] = "soon" }, DeliveryPreferences.Default);

        Assert.Null(prefs);
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void SettingsCard_Parse_GoodValues_RoundTrip()
    {
        var (prefs, problems) = NudgeSettingsCard.Parse(
            new JsonObject { ["workStart"] = "08:30", ["workEnd"] = "16:00", ["workingDays"] = "Monday,Tuesday", ["vacationUntil"] = "2026-12-31", ["mutedKinds"] = nameof(NudgeKind.QuietPartner) },
            DeliveryPreferences.Default);

        Assert.Empty(problems);
        Assert.Equal(new TimeOnly(8, 30), prefs!.WorkStart);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday], prefs.WorkingDays.Order());
        Assert.Equal([NudgeKind.QuietPartner], prefs.MutedKinds);
        Assert.Equal(new DateOnly(2026, 12, 31), prefs.VacationUntil);
    }

    [Fact]
    public void NextStep_RecordStillMatchesTheCard()
    {
        // The card's Done/Reschedule submit names the step by id; the record keeps the id the store looks up.
        var step = new NextStep { Id = "s1", PartnerId = "p1", AssigneeUserId = "u1", Description = "Call", DueDate = new DateOnly(2026, 11, 25), CreatedAt = DateTimeOffset.UnixEpoch };

        Assert.Equal("s1", step.Id);
        Assert.Equal(NextStepStatus.Open, step.Status);
    }
}
