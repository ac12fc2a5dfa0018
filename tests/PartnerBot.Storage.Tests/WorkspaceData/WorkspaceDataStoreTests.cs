using System.Text.Json.Nodes;
using Azure.Data.Tables;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.Ecosystem;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Needs;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Roster;
using PartnerBot.Storage.Tests.Support;
using PartnerBot.Storage.WorkspaceData;
using PartnerBot.Storage.Workspaces;

namespace PartnerBot.Storage.Tests.WorkspaceData;

/// <summary>The workspace as a whole on real tables (Azurite): its export holds every kind of row, and erasing a person leaves no row naming them.</summary>
public class WorkspaceDataStoreTests
{
    private const string BenId = "3f6c1b2a-bbbb-4e11-9c0d-00000000b0b0";
    private const string BenName = "Benedikt Okafor";
    private const string ChloeId = "7a2d9e4c-cccc-4f22-8d1e-00000000c10e";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ReadAll_OneOfEveryKind_EveryFileIsThereAndHoldsItsRows_AndEveryRowIsExported()
    {
        var (bot, ws) = await SeedAsync();
        var store = new TableWorkspaceDataStore(bot.Tables);

        var files = await store.ReadAllAsync(ws, default);

        foreach (var name in TableWorkspaceDataStore.KnownFiles)
        {
            var file = Assert.Single(files, f => f.Name == name);
            Assert.True(file.Rows.Count > 0, $"{name} is empty.");
        }

        // Nothing stored is left out: as many documents as the workspace has rows, in every table.
        Assert.Equal((await WorkspaceRowsAsync(bot, ws)).Count, files.Sum(f => f.Rows.Count));
        Assert.Equal("Ruiz Library", (string?)Assert.Single(files.Single(f => f.Name == "workspace.json").Rows)!["name"]);
        Assert.Contains(files.Single(f => f.Name == "reminder-preferences.json").Rows, r => (string?)r!["key"] == "prefs|" + BenId);
    }

    [Fact]
    public async Task Erase_NoRowOfTheWorkspaceNamesThePersonAfterwards_OthersUntouched_FactsKept()
    {
        var (bot, ws) = await SeedAsync();
        var store = new TableWorkspaceDataStore(bot.Tables);
        var before = await WorkspaceRowsAsync(bot, ws);
        var untouchedBefore = before.Where(r => !Names(r, BenId, BenName)).ToDictionary(r => (r.Table, r.Row.PartitionKey, r.Row.RowKey), r => r.Row.ETag);
        var chloeBefore = await bot.Members.GetAsync(ws, ChloeId, default);
        var erasure = new StaffErasure(BenId, BenName, "former-0123456789abcdef");

        var result = await store.EraseAsync(ws, erasure, default);

        var after = await WorkspaceRowsAsync(bot, ws);
        foreach (var (table, row) in after)
        {
            Assert.False(Names((table, row), BenId, BenName), $"{table} {row.RowKey} still names the person.");
        }

        // Their own rows went: member, open dialog, reminder preferences and state, chat address.
        Assert.Null(await bot.Members.GetAsync(ws, BenId, default));
        Assert.Null(await bot.Dialogs.GetAsync(ws, BenId, default));
        Assert.Equal(5, result.RowsRemoved);
        Assert.False((await bot.Tables.GetTable(TableConversationReferenceStore.TableName).GetEntityIfExistsAsync<TableEntity>(ws.TenantId, BenId)).HasValue);
        // Rows that never named them were not written at all; the other member's row is as it was.
        foreach (var (key, etag) in untouchedBefore)
        {
            Assert.Contains(after, r => (r.Table, r.Row.PartitionKey, r.Row.RowKey) == key && r.Row.ETag == etag);
        }

        Assert.Equal(chloeBefore!.ETag, (await bot.Members.GetAsync(ws, ChloeId, default))!.ETag);
        // The facts stay, under a former staff member.
        var history = await bot.History.GetAsync(ws, "p1", default);
        var screening = Assert.Single(history.Screenings, s => s.RaterUserId == erasure.ReplacementId);
        Assert.Equal((StaffErasure.FormerStaffName, Now), (screening.RaterName, screening.SubmittedAt));
        Assert.Equal(StaffErasure.FormerStaffName, Assert.Single(history.Assessments, a => a.AssessorUserId == erasure.ReplacementId).AssessorName);
        var step = Assert.Single(history.NextSteps, s => s.Id == "s1");
        Assert.Equal((erasure.ReplacementId, new DateOnly(2026, 12, 1), "Call the curator"), (step.AssigneeUserId, step.DueDate, step.Description));
        Assert.Equal([erasure.ReplacementId, ChloeId], (await bot.Partners.GetAsync(ws, "p1", default))!.Value.Contact!.UserIds);
        Assert.Equal("Met a former staff member at the fair", Assert.Single(history.Interactions, i => i.Id == "i2").Summary);
        Assert.Single(await bot.NextSteps.ListOpenForAssigneeAsync(ws, erasure.ReplacementId, default));
        Assert.Empty(await bot.NextSteps.ListOpenForAssigneeAsync(ws, BenId, default));
        // Rewritten rows were replaced, not added: the workspace lost exactly the person's own rows (the chat address is the tenant's).
        Assert.Equal(before.Count - (result.RowsRemoved - 1), after.Count);
    }

    /// <summary>A workspace with a row of every kind; the person to erase (Ben) appears in as many as can name him.</summary>
    private static async Task<(TableBot Bot, WorkspaceKey Workspace)> SeedAsync()
    {
        var bot = await TableBot.CreateAsync();
        foreach (var table in new[] { TableFollowThroughSettingsStore.TableName, TableInstalledPlaceStore.TableName, TableConversationReferenceStore.TableName, TableEcosystemSnapshotStore.TableName })
        {
            await bot.Tables.GetTable(table).CreateIfNotExistsAsync();
        }

        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        var ws = WorkspaceKey.DefaultFor(tenant);
        await bot.Talk(tenant, "u-ana", "Ana Ruiz").SayAsync("help");
        await bot.Talk(tenant, BenId, BenName).SayAsync("help");
        await bot.Talk(tenant, ChloeId, "Chloe Dubois").SayAsync("help");
        await bot.Talk(tenant, BenId, BenName).SayAsync("needs");
        var workspace = (await bot.Workspaces.GetAsync(ws, default))!;
        await bot.Workspaces.SaveAsync(workspace.Value with { Name = "Ruiz Library", NamedAt = Now }, workspace.ETag, default);

        await new TableNeedsAssessmentStore(bot.Tables).SaveAsync(ws, new NeedsAssessment
        {
            Id = "na1",
            Goal = "Maker space",
            Needs = [new Need { Id = "n1", Kind = NeedKind.Technology, Description = "3D printers" }],
            CreatedByUserId = BenId,
            UpdatedAt = Now,
        }, null, default);
        var partner = await bot.Partners.SaveAsync(ws, new Partner
        {
            Id = "p1",
            Name = "City Museum",
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            Contact = new ContactAssignment { UserIds = [BenId, ChloeId], AssignedAt = Now, AssignedByUserId = "u-ana" },
            CreatedByUserId = BenId,
            CreatedAt = Now,
            UpdatedAt = Now,
        }, null, default);
        var screening = new PartnerScreening
        {
            PartnerId = "p1",
            RaterUserId = BenId,
            RaterName = BenName,
            Ratings = Enum.GetValues<ScreeningQuestion>().ToDictionary(q => q, _ => new Rating(4)),
            SubmittedAt = Now,
        };
        Assert.Equal(ScreeningSaveResult.Saved, await bot.Pipeline.SaveAsync(ws, screening, null, partner, null, default));
        await bot.History.SaveAssessmentAsync(ws, new DetailedAssessment
        {
            PartnerId = "p1",
            AssessorUserId = BenId,
            AssessorName = BenName,
            Ratings = Enum.GetValues<AssessmentQuestion>().ToDictionary(q => q, _ => new Rating(3)),
            Recommendation = Recommendation.Pursue,
            SubmittedAt = Now,
        }, null, default);
        await bot.History.SaveHealthCheckAsync(ws, new HealthCheck { Id = "h1", PartnerId = "p1", UserId = BenId, Scores = new Dictionary<HealthQuestion, int>(), SubmittedAt = Now }, default);
        await bot.History.SaveFormalisationAsync(ws, new Formalisation { PartnerId = "p1", UpdatedByUserId = BenId, UpdatedAt = Now }, null, default);
        await bot.History.SaveAsync(ws, new Core.FollowThrough.Health.PartnerRound { Id = "r1", PartnerId = "p1", CreatedByUserId = ChloeId, CreatedAt = Now, ExpiresAt = Now.AddDays(21) }, null, default);
        await bot.History.SaveInteractionAsync(ws, new Interaction { Id = "i1", PartnerId = "p1", UserId = BenId, Summary = "Met the curator", OccurredAt = Now }, default);
        await bot.History.SaveInteractionAsync(ws, new Interaction { Id = "i2", PartnerId = "p1", UserId = ChloeId, Summary = $"Met {BenName} at the fair", OccurredAt = Now }, default);
        await bot.NextSteps.SaveAsync(ws, new NextStep { Id = "s1", PartnerId = "p1", AssigneeUserId = BenId, Description = "Call the curator", DueDate = new DateOnly(2026, 12, 1), CreatedAt = Now }, null, default);
        await bot.NextSteps.SaveAsync(ws, new NextStep { Id = "s2", PartnerId = "p1", AssigneeUserId = ChloeId, Description = "Send the proposal", DueDate = new DateOnly(2026, 12, 2), CreatedAt = Now }, null, default);

        // A second partner, erased: its audit row stays.
        var gone = await bot.Partners.SaveAsync(ws, new Partner { Id = "p2", Name = "Jane Doe", Type = PartnerType.Individual, Sector = Sector.Civic, CreatedByUserId = "u-ana", CreatedAt = Now, UpdatedAt = Now }, null, default);
        await bot.Removals.EraseAsync(ws, "p2", gone.ETag, new PartnerErasure { Id = "e1", PartnerId = "p2", ErasedAt = Now, ErasedByUserId = "u-ana" }, default);
        await new TableIntroductionStore(bot.Tables).SaveAsync(ws, new Core.Introductions.Introduction
        {
            Id = "x1",
            FirstPartnerId = "p1",
            SecondPartnerId = "p3",
            Reason = "Both run heritage walks",
            IntroducedOn = new DateOnly(2026, 11, 20),
            RecordedByUserId = BenId,
            RecordedAt = Now,
        }, null, default);

        var settings = new TableFollowThroughSettingsStore(bot.Tables);
        await settings.SaveNudgeSettingsAsync(ws, NudgeSettings.Default, default);
        await settings.SaveDigestSettingsAsync(ws, new DigestSettings(), default);
        await settings.SavePreferencesAsync(ws, BenId, DeliveryPreferences.Default, default);
        await settings.SavePreferencesAsync(ws, ChloeId, DeliveryPreferences.Default, default);
        await settings.SaveNudgeStateAsync(ws, BenId, new NudgeState { CauseKey = "step|s1|due", SentCount = 1, LastSentAt = Now }, default);
        await new TableInstalledPlaceStore(bot.Tables).SaveAsync(new InstalledPlace
        {
            Workspace = ws,
            RosterId = "19:team@thread.tacv2",
            Kind = InstalledPlaceKind.Team,
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            Name = "Outreach",
            UpdatedAt = Now,
        }, default);
        await new TableEcosystemSnapshotStore(bot.Tables, TimeProvider.System).SaveAsync(ws, EcosystemSnapshot(), default);
        await new TableConversationReferenceStore(bot.Tables, TimeProvider.System).SaveAsync(new StoredConversationReference
        {
            TenantId = tenant,
            UserId = BenId,
            ChannelId = "msteams",
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            ConversationId = "a:1ben",
            UserName = BenName,
            UpdatedAt = Now,
        }, default);
        return (bot, ws);
    }

    internal static Core.Ecosystem.EcosystemSnapshot EcosystemSnapshot() => new()
    {
        Week = "2026-W48",
        FirstDay = new DateOnly(2026, 11, 23),
        Index = 42,
        Points = new Dictionary<Core.Ecosystem.EcosystemPartKind, double> { [Core.Ecosystem.EcosystemPartKind.Breadth] = 1.5 },
        ComputedAt = Now,
    };

    /// <summary>Every row of the workspace: its partition of each table, and its own workspace row.</summary>
    private static async Task<List<(string Table, TableEntity Row)>> WorkspaceRowsAsync(TableBot bot, WorkspaceKey ws)
    {
        var rows = new List<(string, TableEntity)>();
        var partition = Common.JsonRows.WorkspacePartition(ws);
        foreach (var table in TableWorkspaceDataStore.WorkspacePartitionTables)
        {
            await foreach (var row in bot.Tables.GetTable(table).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
            {
                rows.Add((table, row));
            }
        }

        var own = await bot.Tables.GetTable(TableWorkspaceStore.TableName).GetEntityAsync<TableEntity>(ws.TenantId, ws.WorkspaceId);
        rows.Add((TableWorkspaceStore.TableName, own.Value));
        return rows;
    }

    /// <summary>Whether the row names the person anywhere: its key, any column, any value of a JSON document in one.</summary>
    private static bool Names((string Table, TableEntity Row) row, string userId, string name)
    {
        var texts = new List<string> { row.Row.RowKey, Uri.UnescapeDataString(row.Row.RowKey) };
        foreach (var value in row.Row.Select(p => p.Value).OfType<string>())
        {
            texts.Add(value);
            if (value.StartsWith('{') && JsonNode.Parse(value) is { } document)
            {
                texts.Add(document.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            }
        }

        return texts.Any(t => t.Contains(userId, StringComparison.Ordinal) || t.Contains(name, StringComparison.OrdinalIgnoreCase));
    }
}
