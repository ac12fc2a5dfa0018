using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;

namespace PartnerBot.Storage.Tests.FollowThrough;

/// <summary>Fresh, uniquely prefixed follow-through tables in Azurite for one test.</summary>
internal static class FollowThroughTables
{
    public static async Task<TableProvider> CreateAsync()
    {
        var connection = await AzuriteServer.GetConnectionStringAsync();
        var prefix = "ft" + Guid.NewGuid().ToString("N")[..12];
        var provider = new TableProvider(new TableServiceClient(connection), Options.Create(new TableStorageOptions { ConnectionString = connection, TablePrefix = prefix }));
        foreach (var name in new[] { TableOutboxStore.TableName, TableOutboxStore.KeysTableName, TableLeaseStore.TableName, TableFollowThroughSettingsStore.TableName })
        {
            await provider.GetTable(name).CreateIfNotExistsAsync();
        }

        return provider;
    }
}
