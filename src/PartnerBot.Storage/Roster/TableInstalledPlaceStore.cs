using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Roster;

/// <summary>
/// The teams and group chats each workspace's bot is in. One partition per workspace (its places are always read
/// together, for the contact picker), one row per place keyed by its roster id; the row is the place as a versioned
/// JSON document, with <c>UpdatedAt</c> as a plain column for ordering.
/// </summary>
public sealed class TableInstalledPlaceStore(TableProvider tables) : IInstalledPlaceStore
{
    public const string TableName = "InstalledPlaces";
    private const string Kind = "installedplace";

    private TableClient Table => tables.GetTable(TableName);

    public async Task SaveAsync(InstalledPlace place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(place);
        ArgumentException.ThrowIfNullOrWhiteSpace(place.RosterId);
        ArgumentException.ThrowIfNullOrWhiteSpace(place.ServiceUrl);
        var row = JsonRows.ToEntity(
            JsonRows.WorkspacePartition(place.Workspace),
            KeyEncoder.Encode(place.RosterId),
            Kind,
            place,
            new Dictionary<string, object> { ["UpdatedAt"] = place.UpdatedAt });
        await JsonRows.UpsertAsync(Table, row, cancellationToken);
    }

    public async Task RemoveAsync(WorkspaceKey workspace, string rosterId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentException.ThrowIfNullOrWhiteSpace(rosterId);
        try
        {
            await Table.DeleteEntityAsync(JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(rosterId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Never recorded, or removed already by another instance.
        }
    }

    public async Task<IReadOnlyList<InstalledPlace>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var rows = await JsonRows.QueryPartitionAsync(Table, JsonRows.WorkspacePartition(workspace), cancellationToken);
        return rows.Select(JsonRows.FromEntity<InstalledPlace>).OrderByDescending(p => p.UpdatedAt).ToList();
    }
}
