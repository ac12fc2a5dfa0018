using System.Text.Json.Nodes;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.FollowThrough.Settings;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Tests.FollowThrough;

public class WorkspaceSettingsFormTests
{
    private static readonly DigestSettings Channel = new() { ChannelConversationId = "19:abc@thread.tacv2", ChannelServiceUrl = "https://smba.example/emea/", ChannelName = "Partnerships" };

    [Fact]
    public void Parse_EveryFieldChanged_TakesThemAll()
    {
        var value = new JsonObject
        {
            ["action"] = FollowThroughActions.SaveWorkspaceSettings,
            ["disabledKinds"] = "QuietPartner,RenewalApproaching",
            ["dueSoonDays"] = "5",
            ["quiet-InTalks"] = "7",
            ["quiet-Formalised"] = "",
            ["quiet-Prioritised"] = "60",
            ["unfinishedDays"] = "10",
            ["healthCheckDays"] = "60",
            ["reviewLeadDays"] = 30,
            ["digestDay"] = "Friday",
            ["digestHour"] = "7",
        };

        var change = WorkspaceSettingsForm.Parse(value, NudgeSettings.Default, new DigestSettings());

        Assert.True(change.IsValid, string.Join(" ", change.Problems));
        var n = change.Nudges!;
        Assert.Equal([NudgeKind.QuietPartner, NudgeKind.RenewalApproaching], n.DisabledKinds.Order());
        Assert.Equal(5, n.DueSoonDays);
        Assert.Equal(new Dictionary<PartnerStage, int> { [PartnerStage.InTalks] = 7, [PartnerStage.Prioritised] = 60, [PartnerStage.Active] = 45 }, n.QuietDaysByStage);
        Assert.Equal((10, 60, 30), (n.UnfinishedEvaluationDays, n.HealthCheckIntervalDays, n.ReviewLeadDays));
        Assert.Equal((DayOfWeek.Friday, 7), (change.Digest!.Day, change.Digest.Hour));
    }

    [Fact]
    public void Parse_FieldsLeftOut_KeepTheirValues_AndTheChannelStays()
    {
        var current = NudgeSettings.Default with { DueSoonDays = 9, DisabledKinds = new HashSet<NudgeKind> { NudgeKind.HealthCheckDue } };

        var change = WorkspaceSettingsForm.Parse(new JsonObject { ["digestHour"] = "10" }, current, Channel);

        Assert.True(change.IsValid);
        Assert.Equal(9, change.Nudges!.DueSoonDays);
        Assert.Equal([NudgeKind.HealthCheckDue], change.Nudges.DisabledKinds);
        Assert.Equal(Channel with { Hour = 10 }, change.Digest);
    }

    [Fact]
    public void Parse_ChannelInTheSubmit_IsIgnored()
    {
        var change = WorkspaceSettingsForm.Parse(
            new JsonObject { ["ChannelConversationId"] = "19:evil@thread.tacv2", ["ChannelServiceUrl"] = "https://attacker.example/", ["digestDay"] = "Monday" },
            NudgeSettings.Default,
            new DigestSettings());

        Assert.True(change.IsValid);
        Assert.False(change.Digest!.GoesToChannel);
        Assert.Null(change.Digest.ChannelServiceUrl);
    }

    [Fact]
    public void Parse_EmptyDisabledKinds_TurnsEveryKindBackOn()
    {
        var current = NudgeSettings.Default with { DisabledKinds = new HashSet<NudgeKind> { NudgeKind.QuietPartner } };

        var change = WorkspaceSettingsForm.Parse(new JsonObject { ["disabledKinds"] = "" }, current, new DigestSettings());

        Assert.Empty(change.Nudges!.DisabledKinds);
    }

    [Theory]
    [InlineData("dueSoonDays", "-1")]
    [InlineData("dueSoonDays", "31")]
    [InlineData("dueSoonDays", "1.5")]
    [InlineData("dueSoonDays", "two")]
    [InlineData("dueSoonDays", "")]
    [InlineData("dueSoonDays", "NaN")]
    [InlineData("dueSoonDays", "Infinity")]
    [InlineData("healthCheckDays", "13")]
    [InlineData("healthCheckDays", "99999999999999999999")]
    [InlineData("reviewLeadDays", "0")]
    [InlineData("unfinishedDays", "366")]
    [InlineData("quiet-InTalks", "0")]
    [InlineData("quiet-Ended", "10")]
    [InlineData("quiet-Identified", "10")]
    [InlineData("quiet-Bogus", "10")]
    [InlineData("quiet-7", "10")]
    [InlineData("disabledKinds", "QuietPartner,EverythingElse")]
    [InlineData("disabledKinds", "0")]
    [InlineData("digestDay", "Funday")]
    [InlineData("digestDay", "3")]
    [InlineData("digestDay", "")]
    [InlineData("digestHour", "24")]
    [InlineData("digestHour", "-1")]
    public void Parse_OneBadValue_RefusesTheWholeSubmit(string field, string bad)
    {
        var value = new JsonObject { ["dueSoonDays"] = "4", ["digestHour"] = "9", [field] = bad };

        var change = WorkspaceSettingsForm.Parse(value, NudgeSettings.Default, new DigestSettings());

        Assert.False(change.IsValid);
        Assert.Null(change.Nudges);
        Assert.Null(change.Digest);
        Assert.NotEmpty(change.Problems);
    }

    [Fact]
    public void Parse_ValuesThatAreNotText_AreRefused()
    {
        foreach (var node in new JsonNode?[] { new JsonObject { ["x"] = 1 }, new JsonArray(1, 2), JsonValue.Create(true) })
        {
            var change = WorkspaceSettingsForm.Parse(new JsonObject { ["dueSoonDays"] = node }, NudgeSettings.Default, new DigestSettings());

            Assert.False(change.IsValid, node!.ToJsonString());
        }
    }

    [Fact]
    public void Parse_SeveralProblems_NamesEachOnce()
    {
        var change = WorkspaceSettingsForm.Parse(new JsonObject { ["dueSoonDays"] = "99", ["digestHour"] = "99", ["quiet-Ended"] = "3" }, NudgeSettings.Default, new DigestSettings());

        Assert.Equal(3, change.Problems.Count);
        Assert.Contains(change.Problems, p => p.Contains("from 0 to 30", StringComparison.Ordinal));
        Assert.Contains(change.Problems, p => p.Contains("from 0 to 23", StringComparison.Ordinal));
        Assert.Contains(change.Problems, p => p.Contains("\"Ended\" is not a stage", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_AForgedKeyOfAnyLength_IsQuotedShort()
    {
        var change = WorkspaceSettingsForm.Parse(new JsonObject { ["quiet-" + new string('x', 5000)] = "3" }, NudgeSettings.Default, new DigestSettings());

        Assert.True(Assert.Single(change.Problems).Length < 200);
    }

    [Fact]
    public void Card_WhatItShows_ParsesBackToTheSameSettings()
    {
        var nudges = NudgeSettings.Default with
        {
            DueSoonDays = 3,
            DisabledKinds = new HashSet<NudgeKind> { NudgeKind.UnfinishedEvaluation },
            QuietDaysByStage = new Dictionary<PartnerStage, int> { [PartnerStage.Active] = 60, [PartnerStage.UnderReview] = 10 },
        };
        var digest = Channel with { Day = DayOfWeek.Sunday, Hour = 0 };

        var card = WorkspaceSettingsCard.Build(nudges, digest).ToJson();
        var submit = new JsonObject();
        foreach (var input in Inputs(card))
        {
            submit[(string)input["id"]!] = input["value"] is { } v ? v.ToString() : "";
        }

        var change = WorkspaceSettingsForm.Parse(submit, NudgeSettings.Default, digest);

        Assert.True(change.IsValid, string.Join(" ", change.Problems));
        Assert.Equal(nudges.DisabledKinds, change.Nudges!.DisabledKinds);
        Assert.Equal(nudges.QuietDaysByStage.OrderBy(p => p.Key), change.Nudges.QuietDaysByStage.OrderBy(p => p.Key));
        Assert.Equal((3, 14, 91, 21), (change.Nudges.DueSoonDays, change.Nudges.UnfinishedEvaluationDays, change.Nudges.HealthCheckIntervalDays, change.Nudges.ReviewLeadDays));
        Assert.Equal(digest, change.Digest);
    }

    [Fact]
    public void Card_ShowsDefaults_AndWhereTheDigestGoes()
    {
        var personal = WorkspaceSettingsCard.Build(NudgeSettings.Default with { DueSoonDays = 6 }, new DigestSettings()).ToJson();
        var channel = WorkspaceSettingsCard.Build(NudgeSettings.Default, Channel).ToJson();

        var dueSoon = Inputs(personal).Single(i => (string?)i["id"] == "dueSoonDays");
        Assert.Equal(6, (double)dueSoon["value"]!);
        Assert.Contains("(default 2)", (string)dueSoon["label"]!, StringComparison.Ordinal);
        Assert.Contains("(default never)", Labels(personal).Single(l => l.StartsWith("Prioritised", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("each manager's own chat", Json(personal), StringComparison.Ordinal);
        Assert.Contains("digest here", Json(personal), StringComparison.Ordinal);
        Assert.DoesNotContain(FollowThroughActions.DigestToPersonalChats, Json(personal), StringComparison.Ordinal);
        Assert.Contains("\u201CPartnerships\u201D", Json(channel), StringComparison.Ordinal);
        Assert.Contains(FollowThroughActions.DigestToPersonalChats, Json(channel), StringComparison.Ordinal);
        Assert.Contains(FollowThroughActions.ResetWorkspaceSettings, Json(channel), StringComparison.Ordinal);
    }

    private static IEnumerable<JsonObject> Inputs(JsonObject card) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => ((string?)e["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true);

    // Readable JSON: the default writer escapes apostrophes and quotes, which the texts are full of.
    private static string Json(JsonObject card) =>
        card.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static IEnumerable<string> Labels(JsonObject card) => Inputs(card).Select(i => (string?)i["label"] ?? "");
}
