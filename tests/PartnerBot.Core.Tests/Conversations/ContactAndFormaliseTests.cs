using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class ContactAndFormaliseTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-contact");

    private static async Task<Partner> PartnerAsync(TestBot bot, string name) =>
        (await ((IPartnerStore)bot.Stores).ListAsync(Ws, default)).Single(p => p.Name == name);

    private static async Task<(TestBot Bot, Transcript Ana, Transcript Ben)> SetUpAsync()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ana.SayAsync("help");
        await ben.SayAsync("help");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        return (bot, ana, ben);
    }

    [Fact]
    public async Task Contact_AnotherMember_GetsPromptProactively_AndInMySteps()
    {
        var (bot, ana, ben) = await SetUpAsync();
        await ana.SayAsync("contact City Museum");

        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u2", ["step"] = "Call the education officer", ["due"] = "2026-12-01", ["why"] = "They run school visits" });

        Assert.Contains("Ben is now the contact for City Museum", ana.Text, StringComparison.Ordinal);
        var sent = Assert.Single(bot.Stores.Sent);
        Assert.Equal("u2", sent.UserId);
        Assert.Contains("Ana named you the contact for City Museum", Transcript.TextOf(sent.Replies[0]), StringComparison.Ordinal);
        var prompt = Transcript.TextOf(sent.Replies[1]);
        Assert.Contains("Call the education officer", prompt, StringComparison.Ordinal);
        Assert.Contains("They run school visits", prompt, StringComparison.Ordinal);
        Assert.Contains("1 Dec 2026", prompt, StringComparison.Ordinal);
        Assert.Equal(["u2"], (await PartnerAsync(bot, "City Museum")).Contact!.UserIds);

        await ben.SayAsync("my steps");
        Assert.Contains("Call the education officer", ben.Text, StringComparison.Ordinal);
        await ben.ClickAsync("Done");
        Assert.Contains("Marked done", ben.Text, StringComparison.Ordinal);
        await ben.SayAsync("my steps");
        Assert.Contains("no open next steps", ben.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NextStep_RescheduleAndHandOver()
    {
        var (bot, ana, ben) = await SetUpAsync();
        await ana.SayAsync("contact City Museum");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u1", ["step"] = "Visit them", ["due"] = "2026-12-01" });
        Assert.Contains("Your next step", ana.Text, StringComparison.Ordinal);

        await ana.ClickAsync("Reschedule", new Dictionary<string, string> { ["due"] = "2026-12-15" });
        Assert.Contains("Rescheduled to 15 Dec 2026", ana.Text, StringComparison.Ordinal);

        var stale = ana.BuildSubmit("Hand over", new Dictionary<string, string> { ["assignee"] = "u2" });
        await ana.SayAsync("my steps");
        await ana.ClickAsync("Hand over", new Dictionary<string, string> { ["assignee"] = "u2" });
        Assert.Contains("Handed over to Ben", ana.Text, StringComparison.Ordinal);
        Assert.Equal("u2", (await PartnerAsync(bot, "City Museum")).Contact!.UserIds[0]);
        Assert.Equal("u2", bot.Stores.Sent.Last().UserId);
        var open = Assert.Single(await ((INextStepStore)bot.Stores).ListOpenForAssigneeAsync(Ws, "u2", default));
        Assert.Equal(new DateOnly(2026, 12, 15), open.Value.DueDate);

        await ana.SubmitAsync(stale);
        Assert.Contains("changed after the card was sent", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contact_LeadNotAMember_AndPastDate_Refused()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("contact City Museum");

        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "stranger", ["step"] = "x", ["due"] = "2020-01-01" });

        Assert.Contains("not a member of this workspace", ana.Text, StringComparison.Ordinal);
        Assert.Contains("in the past", ana.Text, StringComparison.Ordinal);
        Assert.Null((await PartnerAsync(bot, "City Museum")).Contact);
    }

    [Fact]
    public async Task Formalise_MarketSponsor_AsksValuesCheck_AndMovesStage()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.AddPartnerAsync("Robotics Ltd", type: "PrivateCompany");
        await ana.SayAsync("formalise Robotics Ltd");
        Assert.Contains("Values check", ana.Text, StringComparison.Ordinal);
        Assert.Contains("would hold 100%", ana.Text, StringComparison.Ordinal);

        await ana.ClickAsync("Save agreement", new Dictionary<string, string>
        {
            ["libraryRole"] = "Hosts the workshops",
            ["partnerRole"] = "Lends robots and trainers",
            ["start"] = "2027-01-10",
            ["review"] = "2027-06-01",
        });

        Assert.Contains("values check is not ticked", ana.Text, StringComparison.Ordinal);
        Assert.Equal(PartnerStage.Formalised, (await PartnerAsync(bot, "Robotics Ltd")).Stage);
        var history = await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, (await PartnerAsync(bot, "Robotics Ltd")).Id, default);
        Assert.Equal("Lends robots and trainers", history.Formalisation!.Value.PartnerRole);
        Assert.False(history.Formalisation.Value.ValuesCheckPassed);
    }

    [Fact]
    public async Task Formalise_ReviewBeforeStart_Refused()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("formalise City Museum");

        await ana.ClickAsync("Save agreement", new Dictionary<string, string> { ["libraryRole"] = "a", ["partnerRole"] = "b", ["start"] = "2027-01-10", ["review"] = "2026-12-01" });

        Assert.Contains("must come after the start date", ana.Text, StringComparison.Ordinal);
        Assert.Equal(PartnerStage.Identified, (await PartnerAsync(bot, "City Museum")).Stage);
    }

    [Fact]
    public async Task Portfolio_ShowsPipelineUncoveredNeedsAndWarning()
    {
        var (_, ana, _) = await SetUpAsync();
        await ana.CompleteNeedsAsync();
        await ana.AddPartnerAsync("Robotics Ltd", type: "PrivateCompany");
        await ana.SayAsync("formalise Robotics Ltd");
        await ana.ClickAsync("Save agreement", new Dictionary<string, string> { ["libraryRole"] = "a", ["partnerRole"] = "b", ["valuesCheck"] = "true" });

        await ana.SayAsync("portfolio");

        Assert.Contains("Needs with no candidate (2)", ana.Text, StringComparison.Ordinal);
        Assert.Contains("rest on one partner (Robotics Ltd)", ana.Text, StringComparison.Ordinal);
        Assert.Contains("commercial partner with 100%", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Formalised", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NextStep_Done_StatusStored()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("contact City Museum");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u1", ["step"] = "Visit", ["due"] = "2026-12-01" });

        await ana.ClickAsync("Done");

        var history = await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, (await PartnerAsync(bot, "City Museum")).Id, default);
        Assert.Equal(NextStepStatus.Done, Assert.Single(history.NextSteps).Status);
    }
}
