using Azure.Data.Tables;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Partners;

/// <summary>Partners: partition = workspace, row = partner id; the pipeline is one partition query.</summary>
public sealed class TablePartnerStore(TableProvider tables) : IPartnerStore
{
    public const string TableName = "Partners";

    private TableClient Table => tables.GetTable(TableName);

    public Task<Stored<Partner>?> GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<Partner>(Table, JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(partnerId), cancellationToken);

    public async Task<IReadOnlyList<Partner>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        (await JsonRows.QueryPartitionAsync(Table, JsonRows.WorkspacePartition(workspace), cancellationToken)).Select(JsonRows.FromEntity<Partner>).ToList();

    public async Task<Stored<Partner>> SaveAsync(WorkspaceKey workspace, Partner partner, string? etag, CancellationToken cancellationToken)
    {
        // Stage and name as plain columns too, for people reading the table in Storage Explorer.
        var entity = JsonRows.ToEntity(JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(partner.Id), "partner", partner,
            new Dictionary<string, object> { ["Name"] = partner.Name, ["Stage"] = partner.Stage.ToString() });
        return new Stored<Partner>(partner, await JsonRows.SaveAsync(Table, entity, etag, cancellationToken));
    }
}
