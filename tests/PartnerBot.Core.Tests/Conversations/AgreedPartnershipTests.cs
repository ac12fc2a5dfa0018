using PartnerBot.Core.Intents;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

/// <summary>An agreed partnership's card shows the agreement, runs health checks on demand, and is decided when under review.</summary>
public class AgreedPartnershipTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-agreed");

    private static async Task<(TestBot Bot, Transcript Ana, Stored<Partner> Partner)> StartAsync(PartnerStage stage)
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum");
        var partners = (IPartnerStore)bot.Stores;
        var added = (await partners.ListAsync(Ws, default)).Single();
        var stored = await partners.GetAsync(Ws, added.Id, default);
        var moved = await partners.SaveAsync(Ws, stored!.Value with { Stage = stage }, stored.ETag, default);
        await ((IPartnerHistoryStore)bot.Stores).SaveFormalisationAsync(Ws, new Formalisation
        {
            PartnerId = added.Id,
            LibraryRole = "Hosts the monthly family science days",
            PartnerRole = "Brings exhibits and two educators",
            Personnel = "Two educators",
            Facilities = "The library's hall",
            Cadence = CommunicationCadence.Fortnightly,
            StartDate = new DateOnly(2026, 9, 1),
            ReviewDate = new DateOnly(2027, 3, 1),
            UpdatedByUserId = "u1",
            UpdatedAt = DateTimeOffset.UnixEpoch,
        }, null, default);
        return (bot, ana, moved);
    }

    private static async Task<Partner> PartnerAsync(TestBot bot, string id) => (await ((IPartnerStore)bot.Stores).GetAsync(Ws, id, default))!.Value;

    [Fact]
    public async Task PartnerCard_ShowsTheAgreement_AndOffersAHealthCheck()
    {
        var (_, ana, _) = await StartAsync(PartnerStage.Active);

        await ana.SayAsync("partner city museum");

        var card = ana.LastCard.ToJsonString();
        Assert.Contains("Agreement", card, StringComparison.Ordinal);
        Assert.Contains("Hosts the monthly family science days", card, StringComparison.Ordinal);
        Assert.Contains("Two educators; The library", card, StringComparison.Ordinal);
        Assert.Contains("every two weeks", card, StringComparison.Ordinal);
        Assert.Contains("1 Mar 2027", card, StringComparison.Ordinal);
        Assert.Contains("Health check", card, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Decide\"", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthCheck_OnDemand_SavedFromItsCard_BadScoreOrLongNoteSavesNothing()
    {
        var (bot, ana, partner) = await StartAsync(PartnerStage.Active);

        await ana.SayAsync("health city museum");
        Assert.Contains("Health check: City Museum", ana.Text, StringComparison.Ordinal);

        var scores = new Dictionary<string, string> { ["qPartnerInterestMet"] = "4", ["qLibraryInterestMet"] = "4", ["qCommunication"] = "9", ["qProgress"] = "3", ["qStrategicFit"] = "5" };
        await ana.ClickAsync("Send", scores);
        Assert.Contains("Nothing was saved: give every question a score from 1 to 5.", ana.Text, StringComparison.Ordinal);
        Assert.Empty((await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partner.Value.Id, default)).HealthChecks);

        scores["qCommunication"] = "2";
        scores["note"] = new string('x', 2001);
        await ana.ClickAsync("Send", scores);
        Assert.Contains("Nothing was saved: the note may be at most 2,000 characters (it has 2,001).", ana.Text, StringComparison.Ordinal);
        Assert.Empty((await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partner.Value.Id, default)).HealthChecks);

        scores["note"] = "Good energy, slow on the exhibits";
        await ana.ClickAsync("Send", scores);
        Assert.Contains("the health check for City Museum is saved (average 3.6 out of 5)", ana.Text, StringComparison.Ordinal);
        var saved = Assert.Single((await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partner.Value.Id, default)).HealthChecks);
        Assert.Equal(2, saved.Scores[Core.FollowThrough.HealthQuestion.Communication]);
        await ana.SayAsync("resume");
        Assert.Contains("nothing open to resume", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderReview_Decide_EndWithoutAReasonIsRefused_WithAReasonEndsIt()
    {
        var (bot, ana, partner) = await StartAsync(PartnerStage.UnderReview);
        await ana.SayAsync("partner city museum");
        Assert.Contains("\"Decide\"", ana.LastCard.ToJsonString(), StringComparison.Ordinal);

        await ana.ClickAsync("End it");
        Assert.Contains("Say why the partnership ends.", ana.Text, StringComparison.Ordinal);
        Assert.Equal(PartnerStage.UnderReview, (await PartnerAsync(bot, partner.Value.Id)).Stage);

        await ana.SayAsync("partner city museum");
        await ana.ClickAsync("End it", new Dictionary<string, string> { ["reason"] = "The museum closes for renovation" });
        var ended = await PartnerAsync(bot, partner.Value.Id);
        Assert.Equal(PartnerStage.Ended, ended.Stage);
        Assert.Equal("The museum closes for renovation", ended.StageReason);
    }

    [Theory]
    [InlineData("Keep going", PartnerStage.Active)]
    [InlineData("Renegotiate", PartnerStage.InTalks)]
    public async Task UnderReview_Decide_KeepGoingOrRenegotiate_RecordsTheStageAndReason(string button, PartnerStage expected)
    {
        var (bot, ana, partner) = await StartAsync(PartnerStage.UnderReview);
        await ana.SayAsync("partner city museum");

        await ana.ClickAsync(button, new Dictionary<string, string> { ["reason"] = "Talked it through with their director" });

        var decided = await PartnerAsync(bot, partner.Value.Id);
        Assert.Equal(expected, decided.Stage);
        Assert.Equal("Talked it through with their director", decided.StageReason);
    }
}
