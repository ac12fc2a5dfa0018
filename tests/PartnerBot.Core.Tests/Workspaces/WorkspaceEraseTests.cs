using PartnerBot.Core.Conversations;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Workspaces;

/// <summary>'erase workspace' through the engine: who may, what the card counts, Cancel, Confirm, and clicks that come too late.</summary>
public class WorkspaceEraseTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-erase-ws");

    /// <summary>Ana (the first to talk) is admin; Ben is staff; two partners, one screened, and a needs assessment.</summary>
    private static async Task<(TestBot Bot, Transcript Ana, Transcript Ben)> SetUpAsync()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ana.SayAsync("help");
        await ben.SayAsync("help");
        await ana.CompleteNeedsAsync();
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.AddPartnerAsync("Tech Hub", type: "PrivateCompany");
        await ana.ScreenAsync("City Museum", 4, 4, 4, 4, 4);
        return (bot, ana, ben);
    }

    private static async Task<IReadOnlyList<Partner>> PartnersAsync(TestBot bot) => await ((IPartnerStore)bot.Stores).ListAsync(Ws, default);

    [Fact]
    public async Task Staff_IsRefused_AndNothingIsShownOrErased()
    {
        var (bot, _, ben) = await SetUpAsync();

        var replies = await ben.SayAsync("erase workspace");

        Assert.True(Assert.IsType<TextReply>(Assert.Single(replies)).ChangedNothing);
        Assert.Equal("Only admins can erase the workspace. Nothing was changed.", ben.Text);
        Assert.Equal(2, (await PartnersAsync(bot)).Count);
    }

    [Fact]
    public async Task Admin_SeesWhatWouldGo_ByKind()
    {
        var (_, ana, _) = await SetUpAsync();

        await ana.SayAsync("erase workspace");

        var text = ana.Text;
        Assert.Contains("Erase all of this workspace's data?", text, StringComparison.Ordinal);
        Assert.Contains("Partners\n2", text, StringComparison.Ordinal);
        Assert.Contains("Needs assessments\n1", text, StringComparison.Ordinal);
        Assert.Contains("Screenings\n1", text, StringComparison.Ordinal);
        Assert.Contains("Members\n2", text, StringComparison.Ordinal);
        Assert.Contains("Confirm erase", text, StringComparison.Ordinal);
        Assert.Contains("Cancel", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_KeepsEverything()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("erase workspace");
        var before = await bot.Stores.CountAsync(Ws, default);

        await ana.ClickAsync("Cancel");

        Assert.Equal(before, await bot.Stores.CountAsync(Ws, default));
        Assert.NotNull(await ((IWorkspaceStore)bot.Stores).GetAsync(Ws, default));
        Assert.Equal(2, (await PartnersAsync(bot)).Count);
    }

    [Fact]
    public async Task Cancel_WithAnotherCardOpen_SaysNothingWasErased_AndLeavesThatCardOpen()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("add partner City Museum");
        await ana.SayAsync("erase workspace");
        var before = await bot.Stores.CountAsync(Ws, default);

        await ana.ClickAsync("Cancel");

        Assert.Equal("Nothing was erased.", ana.Text);
        Assert.Equal(before, await bot.Stores.CountAsync(Ws, default));
        await ana.SayAsync("resume");
        Assert.DoesNotContain("nothing open to resume", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Confirm_ErasesEverything_AndSaysWhatWent_ASecondClickIsRefused()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("erase workspace");
        var confirm = ana.BuildSubmit("Confirm erase");

        await ana.SubmitAsync(confirm.DeepClone().AsObject());

        Assert.StartsWith("Erased the workspace's data (partners: 2, needs assessments: 1, screenings: 1,", ana.Text, StringComparison.Ordinal);
        Assert.Contains("members: 2", ana.Text, StringComparison.Ordinal);
        Assert.Equal(0, (await bot.Stores.CountAsync(Ws, default)).Total);
        Assert.Null(await ((IWorkspaceStore)bot.Stores).GetAsync(Ws, default));

        // The same card again: Ana starts a new, empty workspace by clicking, and the old confirmation names nothing of it.
        var again = await ana.SubmitAsync(confirm.DeepClone().AsObject());
        Assert.Contains(again, r => r is TextReply { ChangedNothing: true });
        Assert.Contains("or it was erased already, so nothing was erased", ana.Text, StringComparison.Ordinal);
        Assert.Empty(await PartnersAsync(bot));
    }

    [Fact]
    public async Task Confirm_ByStaff_IsRefused()
    {
        var (bot, ana, ben) = await SetUpAsync();
        await ana.SayAsync("erase workspace");
        var confirm = ana.BuildSubmit("Confirm erase");

        await ben.SubmitAsync(confirm);

        Assert.Equal("Only admins can erase the workspace. Nothing was changed.", ben.Text);
        Assert.Equal(2, (await PartnersAsync(bot)).Count);
    }

    [Fact]
    public async Task Confirm_AfterSomethingWasAdded_IsRefused()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("erase workspace");
        var confirm = ana.BuildSubmit("Confirm erase");
        await ana.AddPartnerAsync("Science Park", type: "UniversityOrResearch");

        await ana.SubmitAsync(confirm);

        Assert.Contains("Something was added or removed after that confirmation was shown, so nothing was erased.", ana.Text, StringComparison.Ordinal);
        Assert.Equal(3, (await PartnersAsync(bot)).Count);
    }

    [Fact]
    public async Task Confirm_TooLate_IsRefused()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("erase workspace");
        var confirm = ana.BuildSubmit("Confirm erase");
        bot.Time.Advance(WorkspaceEraseFlow.ConfirmWithin + TimeSpan.FromMinutes(1));

        await ana.SubmitAsync(confirm);

        Assert.Contains("That confirmation is more than 15 minutes old, so nothing was erased.", ana.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await PartnersAsync(bot)).Count);
    }

    [Fact]
    public async Task Confirm_ForgedVersion_IsRefused()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("erase workspace");
        var confirm = ana.BuildSubmit("Confirm erase");
        confirm["etag"] = "W/\"forged\"";

        await ana.SubmitAsync(confirm);

        Assert.Contains("nothing was erased", ana.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await PartnersAsync(bot)).Count);
    }

    [Fact]
    public async Task EraseWorkspace_FollowedByAName_ErasesThatPartnerInstead()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.AddPartnerAsync("Workspace Gallery", type: "Individual");

        await ana.SayAsync("erase workspace gallery");

        Assert.Contains("Erase Workspace Gallery for good?", ana.Text, StringComparison.Ordinal);
        Assert.NotNull(await ((IWorkspaceStore)bot.Stores).GetAsync(Ws, default));
    }

    [Fact]
    public async Task Help_ListsEraseWorkspace()
    {
        var (_, ana, _) = await SetUpAsync();

        await ana.SayAsync("help");

        Assert.Contains("erase workspace", ana.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, false, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, false)]
    public void TenantRetention_Uninstalled_OnlyWhenNoPlaceAndNobodyReachable(bool place, bool person, bool uninstalled) =>
        Assert.Equal(uninstalled, TenantRetention.IsUninstalled(place, person));

    [Theory]
    [InlineData(0, false)]
    [InlineData(29, false)]
    [InlineData(30, true)]
    [InlineData(45, true)]
    public void TenantRetention_Due_OncePeriodHasPassed(int days, bool due)
    {
        var at = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(due, TenantRetention.IsDue(at, at.AddDays(days), TimeSpan.FromDays(30)));
    }
}
