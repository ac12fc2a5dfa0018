using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Pipeline;

/// <summary>
/// Archived partners, and erasing a partner: its <c>partner|</c> row, its <c>history|{partner}|</c> rows, the
/// <c>step|</c> rows naming it and the <c>intro|</c> rows of its introductions (an introduction names both partners, so
/// it goes with either), all in the workspace's pipeline partition, removed with entity-group transactions.
/// The first transaction decides: it deletes the partner row only if unchanged, writes the <c>audit|</c> entry and
/// removes the first rows; the rest follow in further transactions of at most 100 rows, read again until none is left
/// (so a contact logged while the erase ran goes too).
/// </summary>
public sealed class TablePartnerRemovalStore(TableProvider tables) : IPartnerRemovalStore
{
    public const string AuditKind = "erasure";

    /// <summary>Table Storage's limit on the operations of one transaction.</summary>
    private const int BatchLimit = 100;

    /// <summary>How many times the leftover rows are read again and removed before giving up (each pass removes all it read).</summary>
    private const int MaxPasses = 20;

    private TableClient Table => tables.GetTable(PipelineTable.Name);

    public async Task<IReadOnlyList<Stored<Partner>>> ListArchivedAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        (await JsonRows.QueryPartitionAsync(Table, PipelineTable.Partition(workspace), cancellationToken, PipelineTable.Under(PipelineTable.PartnerPrefix)))
            .Select(row => new Stored<Partner>(JsonRows.FromEntity<Partner>(row), row.ETag.ToString()))
            .Where(p => p.Value.IsArchived)
            .ToList();

    public async Task<PartnerErasure> EraseAsync(WorkspaceKey workspace, string partnerId, string partnerETag, PartnerErasure audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (audit.PartnerId != partnerId)
        {
            throw new ArgumentException("The audit entry must name the partner erased.", nameof(audit));
        }

        var partition = PipelineTable.Partition(workspace);
        var removed = 0;
        for (var attempt = 0; ; attempt++)
        {
            var rows = await RowsOfAsync(partition, partnerId, cancellationToken);
            var first = rows.Take(BatchLimit - 2).ToList();
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Delete, new TableEntity(partition, PipelineTable.PartnerRow(partnerId)), new ETag(partnerETag)),
                new(TableTransactionActionType.Add, AuditEntity(partition, audit with { RowsRemoved = first.Count })),
            };
            actions.AddRange(first.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)));
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                removed = first.Count;
                break;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status is 404 or 412)
            {
                throw new ConcurrencyConflictException("The partner changed or was removed since it was read.", e);
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex > 1 && e.Status == 404 && attempt < 3)
            {
                // A row went meanwhile (a step or contact removed): read again and retry; nothing was removed.
            }
        }

        // The partner is gone now; whatever else names it goes too, however many rows that is.
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var rows = await RowsOfAsync(partition, partnerId, cancellationToken);
            if (rows.Count == 0)
            {
                var done = audit with { RowsRemoved = removed };
                await JsonRows.UpsertAsync(Table, AuditEntity(partition, done), cancellationToken);
                return done;
            }

            foreach (var batch in rows.Chunk(BatchLimit))
            {
                try
                {
                    await Table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
                    removed += batch.Length;
                }
                catch (TableTransactionFailedException e) when (e.Status == 404)
                {
                    // Someone removed one of these meanwhile; the next pass reads what is left.
                }
            }
        }

        throw new InvalidOperationException($"Rows of an erased partner were still being written after {MaxPasses} passes; erase it again to finish.");
    }

    /// <summary>Every row but the partner's own that holds something about it: its history, its next steps and its introductions.</summary>
    private async Task<IReadOnlyList<TableEntity>> RowsOfAsync(string partition, string partnerId, CancellationToken cancellationToken) =>
        await JsonRows.QueryPartitionAsync(Table, partition, cancellationToken,
            "(" + PipelineTable.Under(PipelineTable.HistoryPrefix, partnerId) + " or (" +
            PipelineTable.Under(PipelineTable.StepPrefix) + " and " + TableClient.CreateQueryFilter($"Partner eq {partnerId}") + ") or (" +
            PipelineTable.Under(PipelineTable.IntroductionPrefix) + " and " +
            TableClient.CreateQueryFilter($"(FirstPartner eq {partnerId} or SecondPartner eq {partnerId})") + "))");

    private static TableEntity AuditEntity(string partition, PartnerErasure audit) =>
        JsonRows.ToEntity(partition, PipelineTable.AuditRow(audit.Id), AuditKind, audit);
}
