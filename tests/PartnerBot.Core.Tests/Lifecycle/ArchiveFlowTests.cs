using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Lifecycle;

/// <summary>Adding once, asking before a near-duplicate, archiving, restoring, undoing and erasing, through the engine.</summary>
public class ArchiveFlowTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-archive");

    private static async Task<IReadOnlyList<Partner>> PartnersAsync(TestBot bot) => await ((IPartnerStore)bot.Stores).ListAsync(Ws, default);

    /// <summary>Ana (the first to talk) is admin; Ben is staff.</summary>
    private static async Task<(TestBot Bot, Transcript Ana, Transcript Ben)> SetUpAsync()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Ws.TenantId, "u1", "Ana");
        var ben = bot.Talk(Ws.TenantId, "u2", "Ben");
        await ana.SayAsync("help");
        await ben.SayAsync("help");
        return (bot, ana, ben);
    }

    [Fact]
    public async Task AddCard_SubmittedTwice_AddsOnePartner_AndSaysAlreadyAdded()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("add partner City Museum");
        var submit = ana.BuildSubmit("Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" });

        await ana.SubmitAsync(submit.DeepClone().AsObject());
        Assert.Contains("Added City Museum.", ana.Text, StringComparison.Ordinal);
        await ana.SubmitAsync(submit.DeepClone().AsObject());

        Assert.Contains("City Museum was already added from this card", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Identified", ana.Text, StringComparison.Ordinal);
        Assert.Single(await PartnersAsync(bot));
    }

    [Fact]
    public async Task AddCard_ShownAgainByResume_KeepsItsToken()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("add partner City Museum");
        var first = ana.BuildSubmit("Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" });
        await ana.SayAsync("resume");
        var second = ana.BuildSubmit("Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" });

        await ana.SubmitAsync(first);
        await ana.SubmitAsync(second);

        Assert.Single(await PartnersAsync(bot));
    }

    [Fact]
    public async Task AddCard_ForgedToken_IsNotUsedAsAnId()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.SayAsync("add partner City Museum");

        await ana.ClickAsync("Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution", ["token"] = "../partner|other" });

        Assert.Matches("^[0-9a-f]{16}$", Assert.Single(await PartnersAsync(bot)).Id);
    }

    [Fact]
    public async Task NearDuplicateName_AsksOpenOrAddAnyway_AndAddAnywayAddsOnce()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");

        await ana.AddPartnerAsync("city-museum.", type: "CulturalInstitution");
        Assert.Contains("City Museum is already a partner (identified). Open it, or add \"city-museum.\" anyway?", ana.Text, StringComparison.Ordinal);
        Assert.Single(await PartnersAsync(bot));

        var anyway = ana.BuildSubmit("Add anyway");
        await ana.SubmitAsync(anyway.DeepClone().AsObject());
        Assert.Contains("Added city-museum..", ana.Text, StringComparison.Ordinal);
        await ana.SubmitAsync(anyway.DeepClone().AsObject());
        Assert.Contains("already added from this card", ana.Text, StringComparison.Ordinal);
        Assert.Equal(2, (await PartnersAsync(bot)).Count);

        await ana.ClickAsync("Open City Museum");
        Assert.Contains("City Museum\nStage\nIdentified", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_HidesFromListRankingPickersAndRecognizerNames_RestoreBringsItBack()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.AddPartnerAsync("Code Club", type: "Nonprofit");
        await ana.ScreenAsync("City Museum", 5, 5, 5, 5, 5);

        await ana.SayAsync("archive City Museum");
        Assert.Contains("Archived City Museum.", ana.Text, StringComparison.Ordinal);

        await ana.SayAsync("partners");
        Assert.DoesNotContain("City Museum", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Partners (1)", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("ranking");
        Assert.DoesNotContain("City Museum", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("screen");
        Assert.DoesNotContain("City Museum", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("screen City Museum");
        Assert.Contains("I found no partner called \"City Museum\"", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("partner City Museum");
        Assert.Contains("I found no partner called \"City Museum\"", ana.Text, StringComparison.Ordinal);
        Assert.Equal(["Code Club"], (await ((IPipelineStore)bot.Stores).ReadAsync(Ws, default)).Partners.Select(p => p.Name));

        await ana.SayAsync("archived");
        Assert.Contains("City Museum", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("restore city museum");
        Assert.Contains("Restored City Museum", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("ranking");
        Assert.Contains("City Museum", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Archive_StaffOnlyTheirOwn()
    {
        var (bot, ana, ben) = await SetUpAsync();
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ben.AddPartnerAsync("Code Club", type: "Nonprofit");

        await ben.SayAsync("archive City Museum");
        Assert.Contains("Only managers, admins and the person who added City Museum", ben.Text, StringComparison.Ordinal);
        await ben.SayAsync("archive Code Club");
        Assert.Contains("Archived Code Club.", ben.Text, StringComparison.Ordinal);

        Assert.Equal(["City Museum"], (await PartnersAsync(bot)).Select(p => p.Name));
    }

    [Fact]
    public async Task UndoArchive_FromTheConfirmation_RestoresIt()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("archive City Museum");

        await ana.ClickAsync("Undo");

        Assert.Contains("Undone: City Museum is back in your lists.", ana.Text, StringComparison.Ordinal);
        Assert.Single(await PartnersAsync(bot));
    }

    [Fact]
    public async Task UndoStageChange_GoesBack_ButNotAfterSomeoneChangedIt()
    {
        var (bot, ana, ben) = await SetUpAsync();
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("stage City Museum");
        await ana.ClickAsync("Change stage", new Dictionary<string, string> { ["stage"] = "InTalks" });
        Assert.Contains("City Museum is now at stage In talks.", ana.Text, StringComparison.Ordinal);
        var undo = ana.BuildSubmit("Undo");

        await ana.SubmitAsync(undo.DeepClone().AsObject());
        Assert.Contains("Undone: City Museum is back at stage Identified.", ana.Text, StringComparison.Ordinal);
        Assert.Equal(PartnerStage.Identified, Assert.Single(await PartnersAsync(bot)).Stage);

        // A second click: the partner changed (by the undo itself) since that card, so nothing happens.
        await ana.SubmitAsync(undo.DeepClone().AsObject());
        Assert.Contains("was changed after that, so I did not undo anything", ana.Text, StringComparison.Ordinal);

        await ana.SayAsync("stage City Museum");
        await ana.ClickAsync("Change stage", new Dictionary<string, string> { ["stage"] = "Screened" });
        var stale = ana.BuildSubmit("Undo");
        await ben.SayAsync("stage City Museum");
        await ben.ClickAsync("Change stage", new Dictionary<string, string> { ["stage"] = "Active" });
        await ana.SubmitAsync(stale);
        Assert.Contains("was changed after that, so I did not undo anything. Nothing was changed.", ana.Text, StringComparison.Ordinal);
        Assert.Equal(PartnerStage.Active, Assert.Single(await PartnersAsync(bot)).Stage);
    }

    [Fact]
    public async Task Erase_StaffRefused_OrganisationRefused()
    {
        var (bot, ana, ben) = await SetUpAsync();
        await ana.AddPartnerAsync("Jane Doe", type: "Individual");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");

        await ben.SayAsync("erase Jane Doe");
        Assert.Contains("Only managers and admins can erase", ben.Text, StringComparison.Ordinal);
        await ana.SayAsync("erase City Museum");
        Assert.Contains("not a private person", ana.Text, StringComparison.Ordinal);

        Assert.Equal(2, (await PartnersAsync(bot)).Count);
    }

    [Fact]
    public async Task Erase_AfterConfirming_RemovesHistoryStepsAndUnsentMessages_LeavesOthers()
    {
        var (bot, ana, _) = await SetUpAsync();
        await ana.AddPartnerAsync("Jane Doe", type: "Individual");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        foreach (var name in new[] { "Jane Doe", "City Museum" })
        {
            await ana.ScreenAsync(name, 4, 4, 4, 4, 4);
            await ana.SayAsync("log " + name);
            await ana.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = "Met " + name, ["date"] = "2026-11-20" });
            await ana.SayAsync("contact " + name);
            await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u2", ["step"] = "Call " + name, ["due"] = "2026-12-01" });
        }

        Assert.Equal(2, bot.Stores.Sent.Count);
        var jane = (await PartnersAsync(bot)).Single(p => p.Name == "Jane Doe");

        await ana.SayAsync("erase Jane Doe");
        Assert.Contains("Erase Jane Doe for good?", ana.Text, StringComparison.Ordinal);
        Assert.Contains("1 screening", ana.Text, StringComparison.Ordinal);
        Assert.Contains("1 logged contact", ana.Text, StringComparison.Ordinal);
        Assert.Contains("1 next step", ana.Text, StringComparison.Ordinal);
        Assert.NotNull(await ((IPartnerStore)bot.Stores).GetAsync(Ws, jane.Id, default));

        await ana.ClickAsync("Erase Jane Doe");

        Assert.Contains("Erased: the partner, its history, its next steps, its introductions and 1 unsent message are gone.", ana.Text, StringComparison.Ordinal);
        Assert.Null(await ((IPartnerStore)bot.Stores).GetAsync(Ws, jane.Id, default));
        var history = await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, jane.Id, default);
        Assert.Empty(history.Screenings);
        Assert.Empty(history.Interactions);
        Assert.Empty(history.NextSteps);
        var sent = Assert.Single(bot.Stores.Sent);
        Assert.Contains("City Museum", Transcript.TextOf(sent.Replies[0]), StringComparison.Ordinal);

        // The only trace left is the audit entry, which holds nothing of her.
        var rows = bot.Stores.PipelineRows(Ws);
        var audit = Assert.Single(rows.OfType<PartnerErasure>());
        Assert.Equal("u1", audit.ErasedByUserId);
        Assert.DoesNotContain(rows, r => System.Text.Json.JsonSerializer.Serialize(r).Contains("Jane", StringComparison.Ordinal));
        var museum = (await PartnersAsync(bot)).Single();
        Assert.Equal("City Museum", museum.Name);
        var kept = await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, museum.Id, default);
        Assert.Single(kept.Screenings);
        Assert.Single(kept.Interactions);
        Assert.Single(kept.NextSteps);
    }

    [Fact]
    public async Task Erase_StaleConfirmation_ErasesNothing()
    {
        var (bot, ana, ben) = await SetUpAsync();
        await ana.AddPartnerAsync("Jane Doe", type: "Individual");
        await ana.SayAsync("erase Jane Doe");
        var confirm = ana.BuildSubmit("Erase Jane Doe");
        await ben.SayAsync("stage Jane Doe");
        await ben.ClickAsync("Change stage", new Dictionary<string, string> { ["stage"] = "InTalks" });

        await ana.SubmitAsync(confirm);

        Assert.Contains("changed after the confirmation was shown, so nothing was erased", ana.Text, StringComparison.Ordinal);
        Assert.Single(await PartnersAsync(bot));
    }
}
