using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class EditNextStepTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-edit-step");

    /// <summary>Ana (admin) names Ben the contact with a step; Ben has the prompt, Cleo is other staff.</summary>
    private static async Task<(TestBot Bot, Transcript Ana, Transcript Ben, Transcript Cleo)> StartAsync()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ben.SayAsync("hello");
        var cleo = bot.Talk(Ws.TenantId, "u3", "Cleo");
        await cleo.SayAsync("hello");
        await ana.SayAsync("contact City Museum");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u2", ["step"] = "Call the education officer", ["due"] = "2026-12-01" });
        await ben.SayAsync("my steps");
        Assert.Contains("Call the education officer", ben.Text, StringComparison.Ordinal);
        return (bot, ana, ben, cleo);
    }

    private static async Task<NextStep> StepAsync(TestBot bot) =>
        Assert.Single(await ((INextStepStore)bot.Stores).ListOpenForAssigneeAsync(Ws, "u2", default)).Value;

    [Fact]
    public async Task Edit_ByTheAssignee_ChangesTheText_AndAStaleCardChangesNothing()
    {
        var (bot, _, ben, _) = await StartAsync();
        var stale = ben.BuildSubmit("Save the step", new Dictionary<string, string> { ["text"] = "Stale text" });

        await ben.ClickAsync("Save the step", new Dictionary<string, string> { ["text"] = "Email the education officer" });
        Assert.Contains("Updated the next step: Email the education officer", ben.Text, StringComparison.Ordinal);
        Assert.Equal("Email the education officer", (await StepAsync(bot)).Description);

        await ben.SubmitAsync(stale);
        Assert.Contains("changed after the card was sent", ben.Text, StringComparison.Ordinal);
        Assert.Equal("Email the education officer", (await StepAsync(bot)).Description);
    }

    [Fact]
    public async Task Edit_TooLongOrEmpty_IsRefusedWithTheCount_AndNothingChanges()
    {
        var (bot, _, ben, _) = await StartAsync();

        await ben.ClickAsync("Save the step", new Dictionary<string, string> { ["text"] = new string('x', 501) });
        Assert.Contains("at most 500 characters (it has 501)", ben.Text, StringComparison.Ordinal);
        await ben.ClickAsync("Save the step", new Dictionary<string, string> { ["text"] = "   " });
        Assert.Contains("Say what to do next", ben.Text, StringComparison.Ordinal);

        Assert.Equal("Call the education officer", (await StepAsync(bot)).Description);
    }

    [Fact]
    public async Task Edit_ByOtherStaff_IsRefused_ButAnAdminMay()
    {
        var (bot, ana, ben, cleo) = await StartAsync();
        var submit = ben.BuildSubmit("Save the step", new Dictionary<string, string> { ["text"] = "Cleo's rewrite" });

        await cleo.SubmitAsync(submit);
        Assert.Contains("Only the person it is assigned to, a manager or an admin", cleo.Text, StringComparison.Ordinal);
        Assert.Equal("Call the education officer", (await StepAsync(bot)).Description);

        submit["text"] = "Visit the museum";
        await ana.SubmitAsync(submit);
        Assert.Contains("Updated the next step: Visit the museum", ana.Text, StringComparison.Ordinal);
        Assert.Equal("Visit the museum", (await StepAsync(bot)).Description);
    }
}
