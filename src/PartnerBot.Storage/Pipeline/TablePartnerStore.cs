using Azure.Data.Tables;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Pipeline;

/// <summary>Partners: the <c>partner|{id}</c> rows of the workspace's pipeline partition; the pipeline is one range query.</summary>
public sealed class TablePartnerStore(TableProvider tables) : IPartnerStore
{
    public const string Kind = "partner";

    private TableClient Table => tables.GetTable(PipelineTable.Name);

    public Task<Stored<Partner>?> GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<Partner>(Table, PipelineTable.Partition(workspace), PipelineTable.PartnerRow(partnerId), cancellationToken);

    /// <summary>The partners in play: archived ones are listed only by <see cref="TablePartnerRemovalStore"/>.</summary>
    public async Task<IReadOnlyList<Partner>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        PartnerRules.InPlay((await JsonRows.QueryPartitionAsync(Table, PipelineTable.Partition(workspace), cancellationToken, PipelineTable.Under(PipelineTable.PartnerPrefix)))
            .Select(JsonRows.FromEntity<Partner>));

    public async Task<Stored<Partner>> SaveAsync(WorkspaceKey workspace, Partner partner, string? etag, CancellationToken cancellationToken) =>
        new(partner, await JsonRows.SaveAsync(Table, PartnerRow(workspace, partner), etag, cancellationToken));

    /// <summary>The partner's row, also written by the screening store's transaction.</summary>
    public static TableEntity PartnerRow(WorkspaceKey workspace, Partner partner) =>
        // Stage and name as plain columns too, for people reading the table in Storage Explorer.
        JsonRows.ToEntity(PipelineTable.Partition(workspace), PipelineTable.PartnerRow(partner.Id), Kind, partner,
            new Dictionary<string, object> { ["Name"] = partner.Name, ["Stage"] = partner.Stage.ToString() });
}
