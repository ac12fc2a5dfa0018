using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Roster;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;

namespace PartnerBot.Storage.Tests.Roster;

/// <summary>The teams and group chats each workspace's bot is in, on real tables (Azurite).</summary>
public sealed class InstalledPlaceStoreTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Save_List_Remove_PerWorkspace_MostRecentFirst_AndARepeatReplaces()
    {
        var store = await NewStoreAsync();
        var ours = WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);
        var theirs = WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);
        // Ids as Teams writes them, with the characters a table key may not hold.
        var team = Place(ours, "19:Kx2u7VtV3Z/LTC7#Uu?@thread.tacv2", InstalledPlaceKind.Team, Monday);
        var chat = Place(ours, "19:meeting_Nzk5@thread.v2", InstalledPlaceKind.GroupChat, Monday.AddHours(1));
        await store.SaveAsync(team, default);
        await store.SaveAsync(chat, default);
        await store.SaveAsync(Place(theirs, "19:other@thread.tacv2", InstalledPlaceKind.Team, Monday), default);

        Assert.Equal([chat, team], await store.ListAsync(ours, default));

        var moved = team with { ServiceUrl = "https://smba.trafficmanager.net/emea/", Name = "Outreach", UpdatedAt = Monday.AddHours(2) };
        await store.SaveAsync(moved, default);
        Assert.Equal([moved, chat], await store.ListAsync(ours, default));

        await store.RemoveAsync(ours, team.RosterId, default);
        await store.RemoveAsync(ours, "19:never-seen@thread.tacv2", default);
        Assert.Equal([chat], await store.ListAsync(ours, default));
        Assert.Single(await store.ListAsync(theirs, default));
    }

    [Fact]
    public async Task Save_WithoutServiceUrl_IsRefused_AndStoresNothing()
    {
        var store = await NewStoreAsync();
        var workspace = WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync(Place(workspace, "19:t@thread.tacv2", InstalledPlaceKind.Team, Monday) with { ServiceUrl = " " }, default));

        Assert.Empty(await store.ListAsync(workspace, default));
    }

    private static InstalledPlace Place(WorkspaceKey workspace, string rosterId, InstalledPlaceKind kind, DateTimeOffset at) => new()
    {
        Workspace = workspace,
        RosterId = rosterId,
        Kind = kind,
        ServiceUrl = "https://smba.trafficmanager.net/amer/",
        BotId = "28:partnerbot",
        Name = kind == InstalledPlaceKind.Team ? "Community partnerships" : null,
        UpdatedAt = at,
    };

    private static async Task<TableInstalledPlaceStore> NewStoreAsync()
    {
        var connection = await AzuriteServer.GetConnectionStringAsync();
        var tables = new TableProvider(
            new TableServiceClient(connection),
            Options.Create(new TableStorageOptions { ConnectionString = connection, TablePrefix = "ip" + Guid.NewGuid().ToString("N")[..10] }));
        await tables.GetTable(TableInstalledPlaceStore.TableName).CreateIfNotExistsAsync();
        return new TableInstalledPlaceStore(tables);
    }
}
