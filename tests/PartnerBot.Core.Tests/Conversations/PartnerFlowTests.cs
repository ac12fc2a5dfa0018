using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class PartnerFlowTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-partners");

    private static async Task<IReadOnlyList<Partner>> PartnersAsync(TestBot bot, WorkspaceKey? ws = null) =>
        await ((IPartnerStore)bot.Stores).ListAsync(ws ?? Ws, default);

    [Fact]
    public async Task AddPartner_SuggestsSectorFromType_AndShowsCard()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");

        await t.AddPartnerAsync("Robotics Ltd / R&D #2?", type: "PrivateCompany");

        var partner = Assert.Single(await PartnersAsync(bot));
        Assert.Equal("Robotics Ltd / R&D #2?", partner.Name);
        Assert.Equal(Sector.Market, partner.Sector);
        Assert.Contains("market sector", t.Text, StringComparison.Ordinal);
        Assert.Contains("Identified", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPartner_CoversNeed_SummaryCountsItCovered()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.CompleteNeedsAsync();
        var need = (await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, default)).Single().Needs[0].Id;

        await t.AddPartnerAsync("Workforce Department", needs: need);
        await t.SayAsync("needs summary");

        Assert.Contains("your 1 uncovered need.", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPartner_BadValues_RefusedAndNothingSaved()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("add partner");

        await t.ClickAsync("Add partner", new Dictionary<string, string>
        {
            ["name"] = new string('n', 121),
            ["type"] = "Spaceship",
            ["website"] = "javascript:alert(1)",
            ["notes"] = new string('x', 2001),
        });

        Assert.Contains("at most 120 characters", t.Text, StringComparison.Ordinal);
        Assert.Contains("The type has a value I do not know", t.Text, StringComparison.Ordinal);
        Assert.Contains("http:// or https://", t.Text, StringComparison.Ordinal);
        Assert.Contains("at most 2000 characters", t.Text, StringComparison.Ordinal);
        Assert.Empty(await PartnersAsync(bot));
    }

    [Fact]
    public async Task EditPartner_StaleCard_DoesNotOverwriteNewerEdit()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.ClickAsync("Edit");
        await ben.SayAsync("partner City Museum");
        await ben.ClickAsync("Edit");
        await ben.ClickAsync("Save", new Dictionary<string, string> { ["notes"] = "Ben's notes" });

        await ana.ClickAsync("Save", new Dictionary<string, string> { ["notes"] = "Ana's notes" });

        Assert.Contains("Someone changed this partner", ana.Text, StringComparison.Ordinal);
        Assert.Equal("Ben's notes", Assert.Single(await PartnersAsync(bot)).Notes);
    }

    [Fact]
    public async Task ListAndSearch_FindByNameAndCluster()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.AddPartnerAsync("Job Centre");

        await t.SayAsync("partners museum");
        Assert.Contains("City Museum", t.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Job Centre", t.Text, StringComparison.Ordinal);

        await t.SayAsync("partners employability");
        Assert.Contains("(2)", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stage_EndWithoutReason_Refused_WithReasonSaved()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.SayAsync("stage City Museum");
        var card = t.BuildSubmit("Change stage", new Dictionary<string, string> { ["stage"] = "Ended" });

        await t.SubmitAsync(card);
        Assert.Contains("Say why the partnership ends", t.Text, StringComparison.Ordinal);

        card["reason"] = "They closed the education department";
        await t.SubmitAsync(card);
        var partner = Assert.Single(await PartnersAsync(bot));
        Assert.Equal(PartnerStage.Ended, partner.Stage);
        Assert.Equal("They closed the education department", partner.StageReason);
    }

    [Fact]
    public async Task CrossTenantSubmit_IsRefused_AndChangesNothing()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("screen City Museum");
        var stolen = ana.BuildSubmit("Submit ratings", Steps.Ratings(5, 5, 5, 5, 5));
        var mallory = bot.Talk("t-evil", "m1", "Mallory");

        await mallory.SubmitAsync(stolen);

        Assert.Contains("not in your workspace", mallory.Text, StringComparison.Ordinal);
        var history = await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, Assert.Single(await PartnersAsync(bot)).Id, default);
        Assert.Empty(history.Screenings);
        Assert.Empty(await PartnersAsync(bot, WorkspaceKey.DefaultFor("t-evil")));
    }

    [Fact]
    public async Task AddPartner_CancelThenHelp_ExplainsNothingOpen()
    {
        var bot = new TestBot();
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.SayAsync("add partner City Museum");
        await t.SayAsync("help");
        Assert.Contains("adding a partner", t.Text, StringComparison.Ordinal);

        await t.ClickAsync("Cancel");

        Assert.Contains("Cancelled adding a partner", t.Text, StringComparison.Ordinal);
        Assert.Empty(await PartnersAsync(bot));
    }
}
