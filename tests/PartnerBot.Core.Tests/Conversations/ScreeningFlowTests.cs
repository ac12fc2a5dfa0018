using PartnerBot.Core.Assessment;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class ScreeningFlowTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-screen");

    private static async Task<Partner> PartnerAsync(TestBot bot, string name) =>
        (await ((IPartnerStore)bot.Stores).ListAsync(Ws, default)).Single(p => p.Name == name);

    [Fact]
    public async Task Screen_OneCard_ScoresRanksAndMovesStage()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.AddPartnerAsync("Job Centre");
        await t.ScreenAsync("Job Centre", 3, 3, 3, 3, 3);

        await t.ScreenAsync("City Museum", 5, 4, 5, 4, 4);

        Assert.Contains("4.4 of 5 from 1 rater", t.Text, StringComparison.Ordinal);
        Assert.Contains("#1 of 2 candidates", t.Text, StringComparison.Ordinal);
        Assert.Contains("2. Job Centre — 3.0", t.Text, StringComparison.Ordinal);
        Assert.Equal(PartnerStage.Screened, (await PartnerAsync(bot, "City Museum")).Stage);
    }

    [Fact]
    public async Task Screen_Cancel_SaysWhatStaysAndHowToStartAgain()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("Job Centre");
        await t.ScreenAsync("Job Centre", 3, 3, 3, 3, 3);
        await t.SayAsync("screen Job Centre");

        await t.SayAsync("cancel");

        Assert.Contains("Cancelled a screening. Nothing from the card was saved; ratings you submitted earlier stay.", t.Text, StringComparison.Ordinal);
        Assert.Contains("Type 'screen' and the partner's name to start again.", t.Text, StringComparison.Ordinal);
        Assert.Equal(3.0, (await PartnerAsync(bot, "Job Centre")).ScreeningScore);
    }

    [Fact]
    public async Task Screen_PartnerChangedWhileSaving_RetriesAndCounts()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        bot.Stores.ConcurrentPartnerSaves = 2;

        await t.ScreenAsync("City Museum", 4, 4, 4, 4, 2);

        Assert.Contains("3.6 of 5 from 1 rater", t.Text, StringComparison.Ordinal);
        Assert.Equal(3.6, (await PartnerAsync(bot, "City Museum")).ScreeningScore);
        Assert.Equal(0, bot.Stores.ConcurrentPartnerSaves);
    }

    [Fact]
    public async Task Screen_PartnerKeepsChanging_AsksToSubmitAgain_NothingSaved()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        bot.Stores.ConcurrentPartnerSaves = 100;

        await t.ScreenAsync("City Museum", 4, 4, 4, 4, 2);

        Assert.Contains("submit the card again", t.Text, StringComparison.Ordinal);
        var partner = await PartnerAsync(bot, "City Museum");
        Assert.Null(partner.ScreeningScore);
        Assert.Empty((await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partner.Id, default)).Screenings);
        bot.Stores.ConcurrentPartnerSaves = 0;
        await t.SayAsync("help");
        Assert.Contains("You are in a screening", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screen_TwoRatersDisagree_AverageAndFlag()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.ScreenAsync("City Museum", 5, 4, 4, 4, 4);

        await ben.ScreenAsync("City Museum", 2, 4, 4, 4, 4);

        Assert.Contains("from 2 raters", ben.Text, StringComparison.Ordinal);
        Assert.Contains("⚠ 3.5 (from 2 to 5) – How strong is their expertise", ben.Text, StringComparison.Ordinal);
        Assert.Contains("raters differ by 2 or more", ben.Text, StringComparison.Ordinal);
        var partner = await PartnerAsync(bot, "City Museum");
        Assert.Equal(2, partner.ScreeningRaters);
        Assert.Equal(3.9, partner.ScreeningScore);
    }

    [Fact]
    public async Task Screen_EditMyRatings_PrefillsAndReplaces()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.ScreenAsync("City Museum", 1, 1, 1, 1, 1);

        await t.ClickAsync("Edit my ratings");
        Assert.Contains(Transcript.Inputs(t.LastCard), i => i.Id == "q-Expertise" && i.Value == "1");
        await t.ClickAsync("Save changes", Steps.Ratings(5, 5, 5, 5, 5));

        Assert.Contains("5.0 of 5 from 1 rater", t.Text, StringComparison.Ordinal);
        var history = await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, (await PartnerAsync(bot, "City Museum")).Id, default);
        Assert.Equal(5, Assert.Single(history.Screenings).Ratings.Values.First().Score);
    }

    [Fact]
    public async Task Screen_SameCardSubmittedTwice_SecondIsToldAndFirstKept()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.SayAsync("screen City Museum");
        var first = t.BuildSubmit("Submit ratings", Steps.Ratings(4, 4, 4, 4, 4));
        var second = t.BuildSubmit("Submit ratings", Steps.Ratings(1, 1, 1, 1, 1));

        await t.SubmitAsync(first);
        await t.SubmitAsync(second);

        Assert.Contains("kept the newer ones", t.Text, StringComparison.Ordinal);
        Assert.Equal(4.0, (await PartnerAsync(bot, "City Museum")).ScreeningScore);
    }

    [Fact]
    public async Task Screen_OutOfRangeRating_Refused()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.SayAsync("screen City Museum");

        await t.ClickAsync("Submit ratings", Steps.Ratings(6, 0, 3, 3, 3));

        Assert.Contains("Question 1 must be a whole number from 1 to 5", t.Text, StringComparison.Ordinal);
        Assert.Null((await PartnerAsync(bot, "City Museum")).ScreeningScore);
    }

    [Fact]
    public async Task Screen_HelpResumeAfterRestart()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.SayAsync("screen City Museum");
        await t.SayAsync("help");
        Assert.Contains("5 always favours the partner", t.Text, StringComparison.Ordinal);

        t.Engine = bot.Restart();
        await t.SayAsync("resume");
        Assert.Contains("Screen City Museum", t.Text, StringComparison.Ordinal);
        await t.ClickAsync("Submit ratings", Steps.Ratings(3, 3, 3, 3, 3));
        Assert.Contains("3.0 of 5", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_SuggestsRecommendation_Prioritises_AndEditUpdates()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.CompleteNeedsAsync();
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.AddPartnerAsync("Job Centre");
        await t.ScreenAsync("Job Centre", 5, 5, 5, 5, 5);

        await t.SayAsync("assess City Museum");
        await t.ClickAsync("Submit assessment", Steps.AssessmentInputs(4, 4));

        Assert.Contains("Pursue (as the score suggests)", t.Text, StringComparison.Ordinal);
        Assert.Contains("1. Job Centre — 5.0", t.Text, StringComparison.Ordinal);
        Assert.Contains("2. City Museum — 4.0 · Pursue · Prioritised", t.Text, StringComparison.Ordinal);
        Assert.Equal(PartnerStage.Prioritised, (await PartnerAsync(bot, "City Museum")).Stage);

        await t.ClickAsync("Edit my assessment");
        await t.ClickAsync("Save changes", new Dictionary<string, string> { ["recommendation"] = "Hold" });
        Assert.Contains("Hold (the score suggests Pursue)", t.Text, StringComparison.Ordinal);
        var partner = await PartnerAsync(bot, "City Museum");
        Assert.Equal(Recommendation.Hold, partner.Recommendation);
        Assert.Equal(PartnerStage.Assessed, partner.Stage);
    }

    [Fact]
    public async Task Assess_Unaffordable_CapsAtHold()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.SayAsync("assess City Museum");

        await t.ClickAsync("Submit assessment", Steps.AssessmentInputs(5, 5, affordable: false));

        Assert.Contains("Hold (as the score suggests)", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_AffordabilityNotAnswered_DoesNotCapPursue()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.SayAsync("assess City Museum");
        var inputs = Steps.AssessmentInputs(5, 5);
        inputs.Remove("affordable");

        await t.ClickAsync("Submit assessment", inputs);

        Assert.Contains("Pursue (as the score suggests)", t.Text, StringComparison.Ordinal);
        Assert.Contains("not answered", t.Text, StringComparison.Ordinal);
    }
}
