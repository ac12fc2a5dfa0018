using System.Text.Json.Nodes;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

/// <summary>
/// A health check edited after it was sent, from its confirmation and from the partner card. Ana is the admin (the first
/// person), Ben and Cleo are staff; City Museum is an active partnership.
/// </summary>
public class EditHealthCheckTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-edit-health");

    private static readonly Dictionary<string, string> Good = Scores(4, 4, 4, 4, 4, "Going well");

    private static Dictionary<string, string> Scores(int partner, int library, int communication, int progress, int fit, string? note = null)
    {
        var scores = new Dictionary<string, string>
        {
            ["qPartnerInterestMet"] = partner.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["qLibraryInterestMet"] = library.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["qCommunication"] = communication.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["qProgress"] = progress.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["qStrategicFit"] = fit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (note is not null)
        {
            scores["note"] = note;
        }

        return scores;
    }

    private static async Task<(TestBot Bot, Transcript Ana, Transcript Ben, Transcript Cleo, string PartnerId)> StartAsync()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ben.SayAsync("help");
        var cleo = bot.Talk(Ws.TenantId, "u3", "Cleo");
        await cleo.SayAsync("help");
        var partners = (IPartnerStore)bot.Stores;
        var added = (await partners.ListAsync(Ws, default)).Single();
        var stored = (await partners.GetAsync(Ws, added.Id, default))!;
        await partners.SaveAsync(Ws, stored.Value with { Stage = PartnerStage.Active }, stored.ETag, default);
        return (bot, ana, ben, cleo, added.Id);
    }

    private static async Task<PartnerHistory> HistoryAsync(TestBot bot, string partnerId) =>
        await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partnerId, default);

    private static async Task SendAsync(Transcript who, Dictionary<string, string> scores)
    {
        await who.SayAsync("health city museum");
        await who.ClickAsync("Send", scores);
        Assert.Contains("the health check for City Museum is saved", who.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditFromTheConfirmation_ShowsTheSavedAnswers_ReplacesThem_AndTheSameCardTwiceChangesNothing()
    {
        var (bot, ana, _, _, partnerId) = await StartAsync();
        await SendAsync(ana, Scores(4, 4, 2, 3, 5, "Slow on the exhibits"));
        var sent = Assert.Single((await HistoryAsync(bot, partnerId)).HealthChecks);

        await ana.ClickAsync("Edit");
        Assert.Contains("Edit the health check: City Museum", ana.Text, StringComparison.Ordinal);
        var shown = Transcript.Inputs(ana.LastCard).ToDictionary(i => i.Id, i => i.Value);
        Assert.Equal(("2", "3", "Slow on the exhibits"), (shown["qCommunication"], shown["qProgress"], shown["note"]));
        var edit = ana.BuildSubmit("Save changes", new Dictionary<string, string> { ["qCommunication"] = "5", ["note"] = "" });
        Assert.False(edit.ContainsKey("note"), "A cleared input is left out of the submit, as Teams does.");

        await ana.SubmitAsync(edit);
        Assert.Contains("Updated the health check for City Museum (average 4.2 out of 5)", ana.Text, StringComparison.Ordinal);
        var edited = Assert.Single((await HistoryAsync(bot, partnerId)).HealthChecks);
        Assert.Equal(5, edited.Scores[HealthQuestion.Communication]);
        Assert.Null(edited.Note);
        Assert.Equal((sent.Id, sent.SubmittedAt, "u1"), (edited.Id, edited.SubmittedAt, edited.EditedByUserId));
        Assert.Equal(bot.Time.GetUtcNow(), edited.EditedAt);

        edit["qCommunication"] = "1";
        await ana.SubmitAsync(edit);
        Assert.Contains("changed after the card was sent", ana.Text, StringComparison.Ordinal);
        Assert.Equal(edited, Assert.Single((await HistoryAsync(bot, partnerId)).HealthChecks));
    }

    [Fact]
    public async Task Edit_OutOfRangeScoreOrTooLongNote_IsRefusedWithTheLimitAndCount_AndNothingChanges()
    {
        var (bot, ana, _, _, partnerId) = await StartAsync();
        await SendAsync(ana, Good);
        var before = (await HistoryAsync(bot, partnerId)).HealthChecks.Single();
        await ana.ClickAsync("Edit");

        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["qProgress"] = "7" });
        Assert.Contains("Nothing was changed: give every question a score from 1 to 5.", ana.Text, StringComparison.Ordinal);
        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["note"] = new string('x', 2001) });
        Assert.Contains("Nothing was changed: the note may be at most 2,000 characters (it has 2,001).", ana.Text, StringComparison.Ordinal);
        var cleared = ana.BuildSubmit("Save changes");
        cleared.Remove("qProgress");
        cleared["shown"] = new JsonArray("qProgress");
        await ana.SubmitAsync(cleared);
        Assert.Contains("Nothing was changed: give every question a score from 1 to 5.", ana.Text, StringComparison.Ordinal);

        Assert.Equal(before, (await HistoryAsync(bot, partnerId)).HealthChecks.Single());
        await ana.ClickAsync("Save changes", new Dictionary<string, string> { ["note"] = new string('x', 2000) });
        Assert.Equal(2000, (await HistoryAsync(bot, partnerId)).HealthChecks.Single().Note!.Length);
    }

    [Fact]
    public async Task Edit_OtherStaffIsRefused_BothOpeningAndSaving_TheSenderAndAnAdminMay()
    {
        var (bot, ana, ben, cleo, partnerId) = await StartAsync();
        await SendAsync(ben, Good);
        var open = ben.BuildSubmit("Edit");
        await ben.ClickAsync("Edit");
        var save = ben.BuildSubmit("Save changes", new Dictionary<string, string> { ["qStrategicFit"] = "1" });

        await cleo.SubmitAsync(open);
        Assert.Contains(HealthCheckFlow.NotYours, cleo.Text, StringComparison.Ordinal);
        await cleo.SubmitAsync(save);
        Assert.Contains(HealthCheckFlow.NotYours, cleo.Text, StringComparison.Ordinal);
        Assert.Equal(4, (await HistoryAsync(bot, partnerId)).HealthChecks.Single().Scores[HealthQuestion.StrategicFit]);

        await ana.SubmitAsync(save);
        Assert.Contains("Updated the health check for City Museum", ana.Text, StringComparison.Ordinal);
        Assert.Equal(1, (await HistoryAsync(bot, partnerId)).HealthChecks.Single().Scores[HealthQuestion.StrategicFit]);
    }

    [Fact]
    public async Task PartnerCard_ListsRecentChecks_WithEditOnlyForThoseThePersonMayEdit()
    {
        var (_, _, ben, cleo, _) = await StartAsync();
        await SendAsync(ben, Scores(3, 3, 3, 3, 3));

        await cleo.SayAsync("partner city museum");
        Assert.Contains("Recent health checks", cleo.Text, StringComparison.Ordinal);
        Assert.Contains("average 3.0 of 5 · Ben", cleo.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("health.edit-open", cleo.LastCard.ToJsonString(), StringComparison.Ordinal);

        await ben.SayAsync("partner city museum");
        await ben.ClickAsync("Edit");
        Assert.Contains("Edit the health check: City Museum", ben.Text, StringComparison.Ordinal);
        await ben.ClickAsync("Save changes", new Dictionary<string, string> { ["qProgress"] = "5" });
        await ben.SayAsync("partner city museum");
        Assert.Contains("average 3.4 of 5 · Ben · edited", ben.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditedAnswers_AreWhatTheTrendTheStageRulesAndTheDigestRead()
    {
        var (bot, ana, _, _, partnerId) = await StartAsync();
        await SendAsync(ana, Good);
        bot.Time.Advance(TimeSpan.FromDays(30));
        await SendAsync(ana, Good);
        var history = await HistoryAsync(bot, partnerId);
        var partner = (await ((IPartnerStore)bot.Stores).GetAsync(Ws, partnerId, default))!.Value;
        Assert.False(HealthTrend.Assess(partnerId, history.HealthChecks, HealthRules.Default).NeedsReview);
        Assert.Null(StageRules.Decide(partner, history, HealthRules.Default, DateOnly.FromDateTime(bot.Time.GetUtcNow().UtcDateTime)));

        foreach (var check in history.HealthChecks.OrderBy(h => h.SubmittedAt))
        {
            await ana.SubmitAsync(new JsonObject { ["action"] = "health.edit-open", ["partnerId"] = partnerId, ["check"] = check.Id });
            await ana.ClickAsync("Save changes", Scores(2, 2, 1, 2, 2));
            Assert.Contains("Updated the health check", ana.Text, StringComparison.Ordinal);
        }

        var edited = await HistoryAsync(bot, partnerId);
        Assert.True(HealthTrend.Assess(partnerId, edited.HealthChecks, HealthRules.Default).NeedsReview);
        var move = StageRules.Decide(partner, edited, HealthRules.Default, DateOnly.FromDateTime(bot.Time.GetUtcNow().UtcDateTime));
        Assert.Equal(PartnerStage.UnderReview, move?.To);
        var workspace = (await ((IWorkspaceStore)bot.Stores).GetAsync(Ws, default))!.Value;
        var digest = DigestBuilder.Build(new DigestInput
        {
            Workspace = workspace,
            Partners = [partner],
            Histories = new Dictionary<string, PartnerHistory> { [partnerId] = edited },
            WeekStart = bot.Time.GetUtcNow().AddDays(-7),
            Today = DateOnly.FromDateTime(bot.Time.GetUtcNow().UtcDateTime),
            Week = "2026-W53",
        });
        Assert.Equal(partnerId, Assert.Single(digest.HealthAlerts).PartnerId);
    }
}
