using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Pipeline;

/// <summary>
/// One row per person, <c>dialog|{user}</c> in the workspace's pipeline partition (so a card's submit can close
/// its dialog in the same transaction as its answers); the row carries the dialog's kind and version.
/// </summary>
public sealed class TableDialogStateStore(TableProvider tables) : IDialogStateStore
{
    private TableClient Table => tables.GetTable(PipelineTable.Name);

    public Task<Stored<DialogState>?> GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<DialogState>(Table, PipelineTable.Partition(workspace), PipelineTable.DialogRow(userId), cancellationToken);

    public async Task<Stored<DialogState>> SaveAsync(WorkspaceKey workspace, string userId, DialogState state, string? etag, CancellationToken cancellationToken)
    {
        var entity = JsonRows.ToEntity(PipelineTable.Partition(workspace), PipelineTable.DialogRow(userId), state.Kind, state,
            new Dictionary<string, object> { ["DialogVersion"] = state.Version });
        var newETag = etag is null
            ? await JsonRows.UpsertAsync(Table, entity, cancellationToken)
            : await JsonRows.SaveAsync(Table, entity, etag, cancellationToken);
        return new Stored<DialogState>(state, newETag);
    }

    public async Task DeleteAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(PipelineTable.Partition(workspace), PipelineTable.DialogRow(userId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Nothing open: that is fine.
        }
    }
}
