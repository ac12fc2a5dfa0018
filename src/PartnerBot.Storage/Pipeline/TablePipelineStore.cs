using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Introductions;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Pipeline;

/// <summary>
/// The reads and writes that span a workspace's pipeline partition: the whole pipeline (partners, their histories and
/// next steps) in one query, and the screening turns, each one query and one entity-group transaction.
/// </summary>
public sealed class TablePipelineStore(TableProvider tables) : IPipelineStore, IScreeningStore
{
    private TableClient Table => tables.GetTable(PipelineTable.Name);

    public async Task<WorkspacePipeline> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        // "dialog|" < "history|" < "intro|" < "partner|" < "step|": one range holds histories, introductions, partners and
        // next steps, and no dialogs.
        var range = TableClient.CreateQueryFilter($"RowKey ge {PipelineTable.HistoryPrefix + "|"} and RowKey lt {PipelineTable.StepPrefix + "}"}");
        var rows = await JsonRows.QueryPartitionAsync(Table, PipelineTable.Partition(workspace), cancellationToken, range);
        var partners = new List<Partner>();
        var historyRows = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        var introductions = new List<Introduction>();
        foreach (var row in rows)
        {
            if (PipelineTable.IsIntroductionRow(row.RowKey))
            {
                introductions.Add(JsonRows.FromEntity<Introduction>(row));
                continue;
            }

            if (PipelineTable.IsPartnerRow(row.RowKey))
            {
                // An archived partner and its history are out of the pipeline: no digest, nudge or count sees them.
                if (JsonRows.FromEntity<Partner>(row) is { IsArchived: false } partner)
                {
                    partners.Add(partner);
                }

                continue;
            }

            var partnerId = PipelineTable.IsStepRow(row.RowKey) ? row.GetString("Partner") : PipelineTable.PartnerOfHistoryRow(row.RowKey);
            if (!historyRows.TryGetValue(partnerId, out var list))
            {
                historyRows[partnerId] = list = [];
            }

            list.Add(row);
        }

        var histories = partners.ToDictionary(
            p => p.Id,
            p => historyRows.TryGetValue(p.Id, out var list) ? TablePartnerHistoryStore.ToHistory(list) : new PartnerHistory(),
            StringComparer.Ordinal);
        // Like a history, an introduction naming an archived partner is out of the pipeline.
        return new WorkspacePipeline(partners, histories)
        {
            Introductions = [.. introductions.Where(i => histories.ContainsKey(i.FirstPartnerId) && histories.ContainsKey(i.SecondPartnerId))],
        };
    }

    public Task<ScreeningView> ReadForRaterAsync(WorkspaceKey workspace, string raterUserId, CancellationToken cancellationToken) =>
        ReadViewAsync(
            workspace,
            PipelineTable.Under(PipelineTable.PartnerPrefix) + " or " +
            // The column name is text, not a parameter: CreateQueryFilter would quote it as a value.
            TableClient.CreateQueryFilter($"(Kind eq {TablePartnerHistoryStore.ScreeningKind} and Rater eq {raterUserId})"),
            cancellationToken);

    public Task<ScreeningView> ReadForPartnerAsync(WorkspaceKey workspace, string partnerId, string userId, CancellationToken cancellationToken) =>
        ReadViewAsync(
            workspace,
            PipelineTable.Under(PipelineTable.PartnerPrefix) + " or " +
            PipelineTable.Under(PipelineTable.HistoryPrefix, partnerId, TablePartnerHistoryStore.ScreeningKind) + " or " +
            TableClient.CreateQueryFilter($"RowKey eq {PipelineTable.DialogRow(userId)}"),
            cancellationToken);

    public async Task<ScreeningSaveResult> SaveAsync(
        WorkspaceKey workspace,
        PartnerScreening screening,
        string? screeningETag,
        Stored<Partner> partner,
        Stored<DialogState>? closing,
        CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>
        {
            screeningETag is null
                ? new(TableTransactionActionType.Add, TablePartnerHistoryStore.ScreeningRow(workspace, screening))
                : new(TableTransactionActionType.UpdateReplace, TablePartnerHistoryStore.ScreeningRow(workspace, screening), new ETag(screeningETag)),
            new(TableTransactionActionType.UpdateReplace, TablePartnerStore.PartnerRow(workspace, partner.Value), new ETag(partner.ETag)),
        };
        if (closing is not null)
        {
            var dialog = new TableEntity(PipelineTable.Partition(workspace), PipelineTable.DialogRow(screening.RaterUserId));
            actions.Add(new(TableTransactionActionType.Delete, dialog, new ETag(closing.ETag)));
        }

        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return ScreeningSaveResult.Saved;
        }
        catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status is 409 or 412 or 404)
        {
            return ScreeningSaveResult.RatingsChanged;
        }
        catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 1 && e.Status is 412 or 404)
        {
            return ScreeningSaveResult.PartnerChanged;
        }
        catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 2 && e.Status is 412 or 404)
        {
            // The person opened something else (or cancelled) since; their answers still count, and the newer dialog stays.
            return await SaveAsync(workspace, screening, screeningETag, partner, null, cancellationToken);
        }
    }

    private async Task<ScreeningView> ReadViewAsync(WorkspaceKey workspace, string rows, CancellationToken cancellationToken)
    {
        var found = await JsonRows.QueryPartitionAsync(Table, PipelineTable.Partition(workspace), cancellationToken, "(" + rows + ")");
        var partners = new List<Stored<Partner>>();
        var screenings = new List<Stored<PartnerScreening>>();
        Stored<DialogState>? dialog = null;
        foreach (var row in found)
        {
            var etag = row.ETag.ToString();
            if (PipelineTable.IsPartnerRow(row.RowKey))
            {
                // Archived partners are not offered for screening.
                if (JsonRows.FromEntity<Partner>(row) is { IsArchived: false } partner)
                {
                    partners.Add(new(partner, etag));
                }
            }
            else if (PipelineTable.IsDialogRow(row.RowKey))
            {
                dialog = new(JsonRows.FromEntity<DialogState>(row), etag);
            }
            else
            {
                screenings.Add(new(JsonRows.FromEntity<PartnerScreening>(row), etag));
            }
        }

        return new ScreeningView(partners, screenings, dialog);
    }
}
