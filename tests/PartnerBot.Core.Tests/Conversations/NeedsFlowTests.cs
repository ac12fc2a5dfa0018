using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Storage;
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
}
