using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class NeedsFlowTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-needs");

    [Fact]
    public async Task Needs_ThreeCards_EndWithSummaryAndUncoveredNeeds()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");

        await t.CompleteNeedsAsync();

        Assert.Contains("Digital skills for job seekers", t.Text, StringComparison.Ordinal);
        Assert.Contains("add candidate partners for your 2 uncovered needs", t.Text, StringComparison.Ordinal);
        Assert.Contains("Add a candidate", t.Text, StringComparison.Ordinal);
        var saved = Assert.Single(await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, default));
        Assert.Equal(2, saved.Needs.Count);
        Assert.True(saved.UsersConsulted);
        Assert.Equal(5, saved.Criteria.Count);
        Assert.Null(await ((IDialogStateStore)bot.Stores).GetAsync(Ws, "u1", default));
    }

    [Fact]
    public async Task Needs_Cancel_SavesNothing()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("needs");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = "Makerspace", ["targetUsers"] = "Teens" });

        await t.SayAsync("cancel");

        Assert.Contains("Cancelled the needs assessment (card 2 of 3)", t.Text, StringComparison.Ordinal);
        // The words are true: card 1's answers are gone, and the person is told how to start again.
        Assert.Contains("earlier cards were not saved either", t.Text, StringComparison.Ordinal);
        Assert.Contains("Type 'needs' to start again", t.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("already submitted stay", t.Text, StringComparison.Ordinal);
        Assert.Empty(await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, default));
        await t.SayAsync("resume");
        Assert.Contains("nothing open to resume", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_HelpInsideFlow_ExplainsCurrentCard()
    {
        var t = new TestBot().Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("needs");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = "Makerspace", ["targetUsers"] = "Teens" });

        await t.SayAsync("help");

        Assert.Contains("card 2 of 3", t.Text, StringComparison.Ordinal);
        Assert.Contains("technology, people and expertise, and space", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_ResumeAfterRestart_KeepsAnswersAndContinues()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("needs");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = "Makerspace for teens", ["targetUsers"] = "Teens" });

        t.Engine = bot.Restart();
        await t.SayAsync("resume");
        Assert.Contains("2 of 3", t.Text, StringComparison.Ordinal);
        await t.ClickAsync("Next", new Dictionary<string, string> { ["need-space"] = "A room with benches" });
        await t.ClickAsync("Finish");

        Assert.Contains("Makerspace for teens", t.Text, StringComparison.Ordinal);
        Assert.Contains("A room with benches", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_EditAfterSubmit_UpdatesSummary()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.CompleteNeedsAsync();

        await t.ClickAsync("Edit goal");
        Assert.Contains("Digital skills for job seekers", t.Text, StringComparison.Ordinal);
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = "Digital skills for everyone" });

        Assert.Contains("Saved your changes", t.Text, StringComparison.Ordinal);
        Assert.Contains("Digital skills for everyone", t.Text, StringComparison.Ordinal);
        var saved = Assert.Single(await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, default));
        Assert.Equal("Digital skills for everyone", saved.Goal);
        Assert.Equal(2, saved.Needs.Count);
    }

    [Fact]
    public async Task Needs_StaleCardFromEarlierStep_IsNotUsed()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("needs");
        var firstCard = t.BuildSubmit("Next", new Dictionary<string, string> { ["goal"] = "Old goal", ["targetUsers"] = "Teens" });
        await t.SubmitAsync(firstCard);
        await t.SubmitAsync(firstCard);

        Assert.Contains("from an earlier point", t.Text, StringComparison.Ordinal);
        var open = await ((IDialogStateStore)bot.Stores).GetAsync(Ws, "u1", default);
        Assert.Equal(2, Assert.IsType<NeedsDialog>(open!.Value).Step);
    }

    [Fact]
    public async Task Needs_TooLongGoal_IsRefusedClearly()
    {
        var t = new TestBot().Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("needs");

        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = new string('g', 301), ["targetUsers"] = "Teens" });

        Assert.Contains("at most 300 characters", t.Text, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Needs_ReachIntoTheCommunityTicked_Finishes()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("needs");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = "Digital skills", ["targetUsers"] = "Adults" });
        await t.ClickAsync("Next", new Dictionary<string, string> { ["need-hr"] = "Career trainers" });

        await t.ClickAsync("Finish", new Dictionary<string, string> { ["offers"] = OfferValue(t.LastCard, o => o.StartsWith("Reach into the community", StringComparison.Ordinal)) });

        Assert.Contains("Your needs assessment is saved", t.Text, StringComparison.Ordinal);
        var saved = Assert.Single(await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, default));
        Assert.Equal(["Reach into the community, including people agencies find hard to reach"], saved.Offers);
    }

    [Fact]
    public async Task Needs_EveryOfferTicked_FinishesAndShowsThemAllAgainOnEdit()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("needs");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = "Digital skills", ["targetUsers"] = "Adults" });
        await t.ClickAsync("Next", new Dictionary<string, string> { ["need-hr"] = "Career trainers" });
        var all = OfferValue(t.LastCard, _ => true);

        await t.ClickAsync("Finish", new Dictionary<string, string> { ["offers"] = all });

        Assert.Contains("Your needs assessment is saved", t.Text, StringComparison.Ordinal);
        var saved = Assert.Single(await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, default));
        Assert.Equal(PartnerBot.Core.Cards.Needs.NeedsCards.CommonOffers.Select(o => o.Text), saved.Offers);
        await t.ClickAsync("Edit offers");
        Assert.Contains(Transcript.Inputs(t.LastCard), i => i.Id == "offers" && i.Value == all);
        Assert.Contains(Transcript.Inputs(t.LastCard), i => i.Id == "offersOther" && i.Value.Length == 0);
    }

    [Fact]
    public async Task Needs_OffersFromACardSentBeforeValuesWereIds_AreStillRead()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("needs");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = "Digital skills", ["targetUsers"] = "Adults" });
        await t.ClickAsync("Next", new Dictionary<string, string> { ["need-hr"] = "Career trainers" });

        await t.ClickAsync("Finish", new Dictionary<string, string> { ["offers"] = "Rooms and space,trust" });

        var saved = Assert.Single(await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, default));
        Assert.Equal(["Rooms and space", "Trust"], saved.Offers);
    }

    /// <summary>What the client sends when the offers whose titles match are ticked: their values joined by commas.</summary>
    private static string OfferValue(System.Text.Json.Nodes.JsonObject card, Func<string, bool> ticked)
    {
        var offers = card["body"]!.AsArray().Single(e => (string?)e!["id"] == "offers")!;
        var values = offers["choices"]!.AsArray().Where(c => ticked((string)c!["title"]!)).Select(c => (string)c!["value"]!).ToList();
        Assert.NotEmpty(values);
        return string.Join(',', values);
    }
}
