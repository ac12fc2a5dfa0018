using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.Ecosystem;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Needs;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Roster;
using PartnerBot.Storage.Tables;
using PartnerBot.Storage.Tenants;
using PartnerBot.Storage.Workspaces;
using PartnerBot.Testing;

namespace PartnerBot.Storage.Tests.Tenants;

/// <summary>
/// A tenant's rows from install to erase, on Azurite: every table the app registers is seeded for two tenants, one is
/// uninstalled, and the retention sweep runs on a fake clock.
/// </summary>
public sealed class TenantRetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Start);

    private sealed record Setup(TableProvider Tables, TableTenantDataStore Data, TableUninstallStore Marks, TenantRetentionSweeper Sweeper, TenantRetentionOptions Options);

    private async Task<Setup> CreateAsync(int batchesPerPass = 200)
    {
        var connection = await AzuriteServer.GetConnectionStringAsync();
        var prefix = "tr" + Guid.NewGuid().ToString("N")[..12];
        var tables = new TableProvider(new TableServiceClient(connection), Options.Create(new TableStorageOptions { ConnectionString = connection, TablePrefix = prefix }));
        foreach (var (name, _) in TableTenantDataStore.Layouts)
        {
            await tables.GetTable(name).CreateIfNotExistsAsync();
        }

        var options = new TenantRetentionOptions { BatchesPerPass = batchesPerPass };
        var data = new TableTenantDataStore(tables, time);
        var marks = new TableUninstallStore(tables, time);
        var sweeper = new TenantRetentionSweeper(marks, data, new TableLeaseStore(tables, time), Options.Create(options), time, NullLogger<TenantRetentionSweeper>.Instance);
        return new Setup(tables, data, marks, sweeper, options);
    }

    /// <summary>Something in every table that keys rows by tenant, and in the shared ones; <paramref name="partners"/> partners with a logged contact each.</summary>
    private async Task SeedAsync(TableProvider tables, string tenant, int partners = 2, bool installedPlace = true, bool reachable = true)
    {
        var ws = WorkspaceKey.DefaultFor(tenant);
        var now = time.GetUtcNow();
        var members = new TableMemberStore(tables);
        var admin = new Member { Workspace = ws, UserId = "u-ana", Name = "Ana", Role = WorkspaceRole.Admin, JoinedAt = now };
        await new TableWorkspaceStore(tables, members).CreateAsync(new Workspace { Key = ws, Name = "Library", CreatedAt = now, CreatedByUserId = "u-ana" }, admin, default);
        await members.SaveAsync(new Member { Workspace = ws, UserId = "u-ben", Name = "Ben", JoinedAt = now }, null, default);
        var partnerStore = new TablePartnerStore(tables);
        var history = new TablePartnerHistoryStore(tables);
        for (var i = 0; i < partners; i++)
        {
            var id = $"p{i:D4}";
            await partnerStore.SaveAsync(ws, new Partner { Id = id, Name = "Partner " + i, Type = PartnerType.Nonprofit, Sector = Sector.Civic, CreatedByUserId = "u-ana", CreatedAt = now, UpdatedAt = now }, null, default);
            await history.SaveInteractionAsync(ws, new Interaction { Id = "i" + id, PartnerId = id, UserId = "u-ana", Summary = "Met", OccurredAt = now }, default);
        }

        await new TableNeedsAssessmentStore(tables).SaveAsync(ws, new NeedsAssessment { Id = "n1", Goal = "Maker space", CreatedByUserId = "u-ana", UpdatedAt = now }, null, default);
        await new TableEcosystemSnapshotStore(tables, time).SaveAsync(ws, WorkspaceData.WorkspaceDataStoreTests.EcosystemSnapshot(), default);
        if (installedPlace)
        {
            await new TableInstalledPlaceStore(tables).SaveAsync(new InstalledPlace { Workspace = ws, RosterId = "19:team-" + tenant, Kind = InstalledPlaceKind.Team, ServiceUrl = "https://smba.example/", UpdatedAt = now }, default);
        }

        var references = new TableConversationReferenceStore(tables, time);
        await references.SaveAsync(new StoredConversationReference
        {
            TenantId = tenant,
            UserId = "u-ana",
            ChannelId = "msteams",
            ServiceUrl = "https://smba.example/",
            ConversationId = "a:" + tenant,
            ConversationType = "personal",
            UpdatedAt = now,
        }, default);
        if (!reachable)
        {
            await references.MarkUnreachableAsync(tenant, "u-ana", "uninstalled", default);
        }

        var outbox = new TableOutboxStore(tables);
        Assert.True(await outbox.EnqueueAsync(new OutboxMessage { Key = "nudge|u-ana|x", Workspace = ws, RecipientUserId = "u-ana", PayloadJson = "[]", NextAttemptAt = now.AddDays(1), CreatedAt = now }, default));
        var finished = new OutboxMessage
        {
            Key = "digest|u-ana|w48",
            Workspace = ws,
            RecipientUserId = "u-ana",
            PayloadJson = "[]",
            NextAttemptAt = now,
            CreatedAt = now,
            Status = OutboxStatus.Sent,
            FinishedAt = now,
            KeyExpiresAt = now.AddDays(60),
        };
        var (record, expiry) = TableOutboxStore.FinishedRows(finished);
        await tables.GetTable(TableOutboxStore.KeysTableName).AddEntityAsync(record);
        await tables.GetTable(TableOutboxStore.TableName).AddEntityAsync(expiry);
        Assert.True(await new TableLeaseStore(tables, time).TryAcquireAsync(TableTenantDataStore.SendLeasePrefix + tenant, "instance-1", TimeSpan.FromMinutes(1), default));
        await new TableFollowThroughSettingsStore(tables).SaveNudgeSettingsAsync(ws, NudgeSettings.Default, default);
    }

    /// <summary>
    /// Rows that belong to <paramref name="tenant"/> in every table but the uninstall marks (checked on their own), found by
    /// reading everything rather than with the eraser's filters.
    /// </summary>
    private static async Task<Dictionary<string, int>> RowsOfAsync(TableProvider tables, string tenant)
    {
        var encoded = KeyEncoder.Encode(tenant);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, _) in TableTenantDataStore.Layouts.Where(l => l.Keying != TenantKeying.UninstallMark))
        {
            var n = 0;
            await foreach (var row in tables.GetTable(name).QueryAsync<TableEntity>())
            {
                if (row.PartitionKey == encoded || row.PartitionKey.StartsWith(encoded + "|", StringComparison.Ordinal)
                    || (row.TryGetValue("Tenant", out var t) && t as string == tenant)
                    || (row.TryGetValue("TenantId", out var ti) && ti as string == tenant)
                    || row.RowKey == KeyEncoder.Encode(TableTenantDataStore.SendLeasePrefix + tenant))
                {
                    n++;
                }
            }

            if (n > 0)
            {
                counts[name] = n;
            }
        }

        return counts;
    }

    /// <summary>What an uninstall does: the last place forgotten, the person's chat unreachable, then the mark if nothing is left.</summary>
    private async Task UninstallAsync(Setup s, string tenant)
    {
        await new TableInstalledPlaceStore(s.Tables).RemoveAsync(WorkspaceKey.DefaultFor(tenant), "19:team-" + tenant, default);
        await new TableConversationReferenceStore(s.Tables, time).MarkUnreachableAsync(tenant, "u-ana", "uninstalled", default);
        Assert.False(await s.Data.IsInUseAsync(tenant, default));
        Assert.True(await s.Marks.MarkAsync(tenant, time.GetUtcNow(), default));
    }

    [Fact]
    public void Layouts_CoverEveryTableTheAppRegisters()
    {
        var services = new ServiceCollection()
            .AddPartnershipStores()
            .AddInstalledPlaceStore()
            .AddConversationReferenceStore()
            .AddFollowThroughStorage()
            .AddTenantDataStores();
        var registered = services.Where(d => d.ServiceType == typeof(TableRegistration)).Select(d => ((TableRegistration)d.ImplementationInstance!).Name).Distinct().Order().ToList();

        Assert.Equal(registered, TableTenantDataStore.Layouts.Select(l => l.Table).Order().ToList());
    }

    [Fact]
    public async Task Uninstalled_PastRetention_SweepRemovesTheTenantFromEveryTable_OtherTenantUntouched()
    {
        var s = await CreateAsync();
        await SeedAsync(s.Tables, "t-gone");
        await SeedAsync(s.Tables, "t-kept");
        var keptBefore = await RowsOfAsync(s.Tables, "t-kept");
        var goneBefore = await RowsOfAsync(s.Tables, "t-gone");
        Assert.Equal(
            TableTenantDataStore.Layouts.Where(l => l.Keying is not (TenantKeying.NotTenantKeyed or TenantKeying.UninstallMark)).Select(l => l.Table).Order(),
            goneBefore.Keys.Order());
        await new TableServiceUrlStore(s.Tables).AddAsync("https://smba.example/", Start, default);

        await UninstallAsync(s, "t-gone");
        time.Advance(s.Options.RetentionPeriod - TimeSpan.FromHours(1));
        var early = await s.Sweeper.SweepOnceAsync("instance-1", default);
        Assert.Equal(new RetentionSweep(0, 0, 0, 0), early);
        Assert.NotEmpty(await RowsOfAsync(s.Tables, "t-gone"));

        time.Advance(TimeSpan.FromHours(2));
        var sweep = await s.Sweeper.SweepOnceAsync("instance-1", default);

        Assert.NotNull(sweep);
        Assert.Equal(1, sweep.Erased);
        Assert.Equal(goneBefore.Values.Sum() - 1, sweep.RowsRemoved); // the place went at the uninstall
        Assert.Empty(await RowsOfAsync(s.Tables, "t-gone"));
        Assert.Null(await s.Marks.GetAsync("t-gone", default));
        Assert.Equal(keptBefore, await RowsOfAsync(s.Tables, "t-kept"));
        Assert.True(await new TableServiceUrlStore(s.Tables).ContainsAsync("https://smba.example/", default));
    }

    [Fact]
    public async Task Reinstalled_WithinRetention_KeepsEverything()
    {
        var s = await CreateAsync();
        await SeedAsync(s.Tables, "t-back");
        await UninstallAsync(s, "t-back");
        var before = await RowsOfAsync(s.Tables, "t-back");

        time.Advance(TimeSpan.FromDays(10));
        await s.Marks.ClearAsync("t-back", default);
        time.Advance(s.Options.RetentionPeriod);
        var sweep = await s.Sweeper.SweepOnceAsync("instance-1", default);

        Assert.Equal(new RetentionSweep(0, 0, 0, 0), sweep);
        Assert.Equal(before, await RowsOfAsync(s.Tables, "t-back"));
    }

    [Fact]
    public async Task InUseAgain_WithoutAnInstallEvent_IsKept_AndItsMarkForgotten()
    {
        var s = await CreateAsync();
        await SeedAsync(s.Tables, "t-quiet");
        await UninstallAsync(s, "t-quiet");
        var before = await RowsOfAsync(s.Tables, "t-quiet");
        // The person wrote again (their reference reachable) but no install event was seen.
        await new TableConversationReferenceStore(s.Tables, time).SaveAsync(new StoredConversationReference
        {
            TenantId = "t-quiet",
            UserId = "u-ana",
            ChannelId = "msteams",
            ServiceUrl = "https://smba.example/",
            ConversationId = "a:t-quiet",
            ConversationType = "personal",
            UpdatedAt = time.GetUtcNow(),
        }, default);

        time.Advance(s.Options.RetentionPeriod + TimeSpan.FromHours(1));
        var sweep = await s.Sweeper.SweepOnceAsync("instance-1", default);

        Assert.Equal(new RetentionSweep(1, 0, 0, 0), sweep);
        Assert.Null(await s.Marks.GetAsync("t-quiet", default));
        Assert.Equal(before.Values.Sum(), (await RowsOfAsync(s.Tables, "t-quiet")).Values.Sum());
    }

    [Fact]
    public async Task InterruptedSweep_ResumesOnTheNextPass_UntilNothingIsLeft()
    {
        // Two transactions a pass, and a pipeline of 250 partners with a contact each: 501 pipeline rows, six transactions.
        var s = await CreateAsync(batchesPerPass: 2);
        await SeedAsync(s.Tables, "t-big", partners: 250);
        await SeedAsync(s.Tables, "t-other");
        var other = await RowsOfAsync(s.Tables, "t-other");
        await UninstallAsync(s, "t-big");
        time.Advance(s.Options.RetentionPeriod);

        var first = await s.Sweeper.SweepOnceAsync("instance-1", default);
        Assert.Equal(new RetentionSweep(0, 0, 1, first!.RowsRemoved), first);
        Assert.NotEmpty(await RowsOfAsync(s.Tables, "t-big"));
        Assert.NotNull(await s.Marks.GetAsync("t-big", default));

        var passes = 1;
        RetentionSweep? last = first;
        while (last!.Unfinished > 0 && passes < 20)
        {
            time.Advance(s.Options.SweepInterval);
            last = await s.Sweeper.SweepOnceAsync("instance-1", default);
            passes++;
        }

        Assert.Equal(1, last.Erased);
        Assert.InRange(passes, 3, 20);
        Assert.Empty(await RowsOfAsync(s.Tables, "t-big"));
        Assert.Null(await s.Marks.GetAsync("t-big", default));
        Assert.Equal(other, await RowsOfAsync(s.Tables, "t-other"));
    }

    [Fact]
    public async Task Sweep_LeaseHeldByAnotherInstance_DoesNothing()
    {
        var s = await CreateAsync();
        await SeedAsync(s.Tables, "t-leased");
        await UninstallAsync(s, "t-leased");
        time.Advance(s.Options.RetentionPeriod);
        Assert.True(await new TableLeaseStore(s.Tables, time).TryAcquireAsync(TenantRetentionSweeper.LeaseName, "instance-2", TimeSpan.FromMinutes(30), default));

        Assert.Null(await s.Sweeper.SweepOnceAsync("instance-1", default));
        Assert.NotEmpty(await RowsOfAsync(s.Tables, "t-leased"));
    }

    [Fact]
    public async Task WorkspaceErase_RemovesTheWorkspacesRows_KeepsItsInstallsAndOtherTenants_SecondEraseConflicts()
    {
        var s = await CreateAsync();
        await SeedAsync(s.Tables, "t-ws", partners: 3);
        await SeedAsync(s.Tables, "t-else");
        var other = await RowsOfAsync(s.Tables, "t-else");
        var ws = WorkspaceKey.DefaultFor("t-ws");
        var workspace = await new TableWorkspaceStore(s.Tables, new TableMemberStore(s.Tables)).GetAsync(ws, default);

        var counts = await s.Data.CountAsync(ws, default);
        Assert.Equal(3, counts.Partners);
        Assert.Equal(3, counts.Interactions);
        Assert.Equal(1, counts.NeedsAssessments);
        Assert.Equal(2, counts.Members);
        Assert.Equal(1, counts.Settings);
        Assert.Equal(2, counts.Messages);

        var removed = await s.Data.EraseAsync(ws, workspace!.ETag, default);

        Assert.Equal(counts, removed);
        var left = await RowsOfAsync(s.Tables, "t-ws");
        // Where the app is installed, how to reach people and the send lease stay: the app is still in use there.
        Assert.Equal([TableConversationReferenceStore.TableName, TableInstalledPlaceStore.TableName, TableLeaseStore.TableName], left.Keys.Order());
        Assert.Equal(other, await RowsOfAsync(s.Tables, "t-else"));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => s.Data.EraseAsync(ws, workspace.ETag, default));
    }
}
