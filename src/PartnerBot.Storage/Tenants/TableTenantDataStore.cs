using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Activities;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.Ecosystem;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Needs;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Roster;
using PartnerBot.Storage.Tables;
using PartnerBot.Storage.Workspaces;

namespace PartnerBot.Storage.Tenants;

/// <summary>How a table keys a tenant's rows, and so how they are found to be erased.</summary>
public enum TenantKeying
{
    /// <summary>PartitionKey = the tenant id (key-encoded).</summary>
    TenantPartition,

    /// <summary>PartitionKey = tenant|workspace: every partition from <c>tenant|</c> up to <c>tenant}</c>.</summary>
    WorkspacePartitions,

    /// <summary>Shared partitions (<c>due</c>, <c>expiry</c>) whose rows carry the tenant in a <c>Tenant</c> column.</summary>
    TenantColumn,

    /// <summary>The one <c>lease</c> partition; a tenant's row is the send lease <c>send:{tenant}</c>.</summary>
    TenantLease,

    /// <summary>The uninstall marks themselves: removed by the sweep once all else is gone.</summary>
    UninstallMark,

    /// <summary>Holds nothing of a tenant's (service URLs vouched for by the channel; activity claims, which name no tenant and live about two hours).</summary>
    NotTenantKeyed,
}

/// <summary>What one erase pass of a tenant removed, per table, and whether it finished.</summary>
public sealed record TenantErasePass(IReadOnlyDictionary<string, int> RemovedByTable, bool Finished)
{
    public int Removed => RemovedByTable.Values.Sum();
}

/// <summary>
/// A tenant's or a workspace's rows in every table the app has, read by key and deleted in entity-group transactions
/// of at most 100 rows of one partition. Each call has its own deadline (<see cref="CallDeadline"/>); a pass that stops
/// midway leaves the rest for the next, which reads again what is left.
/// </summary>
public sealed class TableTenantDataStore(TableProvider tables, TimeProvider time) : IWorkspaceDataStore
{
    /// <summary>Table Storage's limit on the operations of one transaction.</summary>
    public const int BatchLimit = 100;

    /// <summary>Rows read per query: ten batches.</summary>
    private const int ReadLimit = 1000;

    /// <summary>The send leases' row names (<c>TenantSendLeases.Prefix</c> in the host) plus the tenant id.</summary>
    public const string SendLeasePrefix = "send:";

    private static readonly string[] KeysOnly = ["PartitionKey", "RowKey"];

    /// <summary>
    /// Every table the app registers, and how it keys a tenant's rows; a registered table missing here fails a test. The
    /// order is the erase order: what would be sent first, the workspace rows last, so a half-done erase sends nothing.
    /// </summary>
    public static IReadOnlyList<(string Table, TenantKeying Keying)> Layouts { get; } =
    [
        (TableOutboxStore.TableName, TenantKeying.TenantColumn),
        (TableOutboxStore.KeysTableName, TenantKeying.TenantPartition),
        (TableLeaseStore.TableName, TenantKeying.TenantLease),
        (TableFollowThroughSettingsStore.TableName, TenantKeying.WorkspacePartitions),
        (PipelineTable.Name, TenantKeying.WorkspacePartitions),
        (TableNeedsAssessmentStore.TableName, TenantKeying.WorkspacePartitions),
        (TableInstalledPlaceStore.TableName, TenantKeying.WorkspacePartitions),
        (TableEcosystemSnapshotStore.TableName, TenantKeying.WorkspacePartitions),
        (TableConversationReferenceStore.TableName, TenantKeying.TenantPartition),
        (TableMemberStore.TableName, TenantKeying.WorkspacePartitions),
        (TableWorkspaceStore.TableName, TenantKeying.TenantPartition),
        (TableServiceUrlStore.TableName, TenantKeying.NotTenantKeyed),
        (TableActivityClaimStore.TableName, TenantKeying.NotTenantKeyed),
        (TableUninstallStore.TableName, TenantKeying.UninstallMark),
    ];

    /// <summary>The deadline of each storage call (one query of up to a thousand rows, or one transaction).</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True while the bot is in one of the tenant's teams or group chats, or one of its people's own chats with the bot is
    /// reachable: two reads of at most one row.
    /// </summary>
    public async Task<bool> IsInUseAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var place = await AnyAsync(tables.GetTable(TableInstalledPlaceStore.TableName), WorkspacePartitionsOf(tenantId), cancellationToken);
        var person = await AnyAsync(
            tables.GetTable(TableConversationReferenceStore.TableName),
            TableClient.CreateQueryFilter($"PartitionKey eq {KeyEncoder.Encode(tenantId)} and Reachable eq {true} and ConversationType eq {"personal"}"),
            cancellationToken);
        return !TenantRetention.IsUninstalled(place, person);
    }

    /// <summary>
    /// Deletes the tenant's rows from every table, in <see cref="Layouts"/> order, at most <paramref name="maxBatches"/>
    /// transactions in this pass; <see cref="TenantErasePass.Finished"/> says whether anything is left. The uninstall mark
    /// is not touched: the caller forgets it once a pass finishes.
    /// </summary>
    public async Task<TenantErasePass> EraseTenantAsync(string tenantId, int maxBatches, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        var removed = new Dictionary<string, int>(StringComparer.Ordinal);
        var budget = new Budget(maxBatches);
        foreach (var (name, keying) in Layouts)
        {
            var table = tables.GetTable(name);
            var count = keying switch
            {
                TenantKeying.TenantPartition or TenantKeying.WorkspacePartitions =>
                    await DeleteWhereAsync(table, TenantPartitionsOf(tenantId), budget, cancellationToken),
                TenantKeying.TenantColumn =>
                    await DeleteWhereAsync(table, TableClient.CreateQueryFilter($"Tenant eq {tenantId}"), budget, cancellationToken),
                TenantKeying.TenantLease => await DeleteLeaseAsync(table, tenantId, cancellationToken),
                _ => 0,
            };
            if (count > 0)
            {
                removed[name] = count;
            }

            if (budget.Spent)
            {
                return new TenantErasePass(removed, false);
            }
        }

        return new TenantErasePass(removed, true);
    }

    public async Task<WorkspaceDataCounts> CountAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var partition = JsonRows.WorkspacePartition(workspace);
        var pipeline = await ReadAllAsync(tables.GetTable(PipelineTable.Name), PartitionIs(partition), ["RowKey", "Kind"], cancellationToken);
        int Pipeline(Func<TableEntity, bool> which) => pipeline.Count(which);
        int History(string kind) => Pipeline(r => r.RowKey.StartsWith(PipelineTable.HistoryPrefix + "|", StringComparison.Ordinal) && r.GetString("Kind") == kind);
        var members = await ReadAllAsync(tables.GetTable(TableMemberStore.TableName), PartitionIs(partition), KeysOnly, cancellationToken);
        return new WorkspaceDataCounts
        {
            Partners = Pipeline(r => PipelineTable.IsPartnerRow(r.RowKey)),
            Screenings = History(TablePartnerHistoryStore.ScreeningKind),
            Assessments = History(TablePartnerHistoryStore.AssessmentKind),
            Interactions = History(TablePartnerHistoryStore.InteractionKind),
            HealthChecks = History(TablePartnerHistoryStore.HealthCheckKind),
            Formalisations = History(TablePartnerHistoryStore.FormalisationKind),
            NextSteps = Pipeline(r => PipelineTable.IsStepRow(r.RowKey)) + History(TablePartnerHistoryStore.NextStepKind),
            Other = Pipeline(r => PipelineTable.IsDialogRow(r.RowKey) || r.RowKey.StartsWith(PipelineTable.AuditPrefix + "|", StringComparison.Ordinal)),
            NeedsAssessments = (await ReadAllAsync(tables.GetTable(TableNeedsAssessmentStore.TableName), PartitionIs(partition), KeysOnly, cancellationToken)).Count,
            Members = members.Count(r => r.RowKey != TableMemberStore.AdminsRow),
            Settings = (await ReadAllAsync(tables.GetTable(TableFollowThroughSettingsStore.TableName), PartitionIs(partition), KeysOnly, cancellationToken)).Count,
            Messages = await MessagesAsync(workspace, cancellationToken),
        };
    }

    /// <summary>Messages by key: an unsent one has its row to send and its record, a sent one only its record.</summary>
    private async Task<int> MessagesAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        var unsent = await ReadAllAsync(tables.GetTable(TableOutboxStore.TableName), UnsentOf(workspace), ["Key"], cancellationToken);
        var records = await ReadAllAsync(tables.GetTable(TableOutboxStore.KeysTableName), DeliveryRecordsOf(workspace), ["Key"], cancellationToken);
        return unsent.Concat(records).Select(r => r.GetString("Key")).Distinct(StringComparer.Ordinal).Count();
    }

    public async Task<WorkspaceDataCounts> EraseAsync(WorkspaceKey workspace, string workspaceETag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(workspaceETag);
        var workspaces = tables.GetTable(TableWorkspaceStore.TableName);
        var claim = new TableEntity(KeyEncoder.Encode(workspace.TenantId), KeyEncoder.Encode(workspace.WorkspaceId)) { ["ErasingSince"] = time.GetUtcNow() };
        try
        {
            // The deciding write: only one confirmation of the version shown gets past it.
            using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
            await workspaces.UpdateEntityAsync(claim, new ETag(workspaceETag), TableUpdateMode.Merge, deadline.Token);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            throw new ConcurrencyConflictException("The workspace changed or was erased since it was read.", e);
        }

        var counts = await CountAsync(workspace, cancellationToken);
        var partition = PartitionIs(JsonRows.WorkspacePartition(workspace));
        var unlimited = new Budget(int.MaxValue);

        // Unsent messages first, so nothing goes out about what is being erased; then the delivery records and their expiry entries.
        var outbox = tables.GetTable(TableOutboxStore.TableName);
        await DeleteWhereAsync(outbox, UnsentOf(workspace), unlimited, cancellationToken);
        var keys = tables.GetTable(TableOutboxStore.KeysTableName);
        var records = await ReadAllAsync(keys, DeliveryRecordsOf(workspace), ["PartitionKey", "RowKey", "Key"], cancellationToken);
        var erasedKeys = records.Select(r => r.GetString("Key")).ToHashSet(StringComparer.Ordinal);
        var expiries = await ReadAllAsync(
            outbox, TableClient.CreateQueryFilter($"PartitionKey eq {"expiry"} and Tenant eq {workspace.TenantId}"), ["PartitionKey", "RowKey", "Key"], cancellationToken);
        await DeleteRowsAsync(outbox, [.. expiries.Where(e => erasedKeys.Contains(e.GetString("Key")))], unlimited, cancellationToken);
        await DeleteRowsAsync(keys, records, unlimited, cancellationToken);

        foreach (var name in new[] { TableFollowThroughSettingsStore.TableName, PipelineTable.Name, TableNeedsAssessmentStore.TableName, TableEcosystemSnapshotStore.TableName, TableMemberStore.TableName })
        {
            await DeleteWhereAsync(tables.GetTable(name), partition, unlimited, cancellationToken);
        }

        using (var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken))
        {
            try
            {
                await workspaces.DeleteEntityAsync(claim.PartitionKey, claim.RowKey, ETag.All, deadline.Token);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Erased by a finishing pass on another instance.
            }
        }

        return counts;
    }

    /// <summary>Every partition of the tenant: its own, and its workspaces' (<c>tenant|…</c>).</summary>
    public static string TenantPartitionsOf(string tenantId)
    {
        var tenant = KeyEncoder.Encode(tenantId);
        return $"({TableClient.CreateQueryFilter($"PartitionKey eq {tenant}")} or {WorkspacePartitionsOf(tenantId)})";
    }

    private static string WorkspacePartitionsOf(string tenantId)
    {
        // Encoded ids never hold an unescaped '|', and '}' sorts right after it.
        var tenant = KeyEncoder.Encode(tenantId);
        return "(" + TableClient.CreateQueryFilter($"PartitionKey ge {tenant + "|"} and PartitionKey lt {tenant + "}"}") + ")";
    }

    private static string PartitionIs(string partition) => TableClient.CreateQueryFilter($"PartitionKey eq {partition}");

    private static string UnsentOf(WorkspaceKey workspace) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {"due"} and Tenant eq {workspace.TenantId} and WorkspaceId eq {workspace.WorkspaceId}");

    private static string DeliveryRecordsOf(WorkspaceKey workspace) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {KeyEncoder.Encode(workspace.TenantId)} and WorkspaceId eq {workspace.WorkspaceId}");

    private async Task<bool> AnyAsync(TableClient table, string filter, CancellationToken cancellationToken) =>
        (await ReadAsync(table, filter, KeysOnly, 1, cancellationToken)).Count > 0;

    /// <summary>Up to <paramref name="limit"/> rows, within one deadline; a range over many partitions may take several pages.</summary>
    private async Task<List<TableEntity>> ReadAsync(TableClient table, string filter, string[] select, int limit, CancellationToken cancellationToken)
    {
        using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, ReadLimit), select: select, cancellationToken: deadline.Token))
        {
            rows.Add(row);
            if (rows.Count >= limit)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>Every matching row, a thousand per call.</summary>
    private async Task<List<TableEntity>> ReadAllAsync(TableClient table, string filter, string[] select, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        string? continuation = null;
        do
        {
            using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: ReadLimit, select: select, cancellationToken: deadline.Token).AsPages(continuation))
            {
                rows.AddRange(page.Values);
                continuation = page.ContinuationToken;
                break;
            }
        }
        while (continuation is not null);

        return rows;
    }

    /// <summary>Reads what matches and deletes it, again and again until nothing matches or the budget is spent.</summary>
    private async Task<int> DeleteWhereAsync(TableClient table, string filter, Budget budget, CancellationToken cancellationToken)
    {
        var removed = 0;
        while (!budget.Spent)
        {
            var rows = await ReadAsync(table, filter, KeysOnly, ReadLimit, cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }

            removed += await DeleteRowsAsync(table, rows, budget, cancellationToken);
        }

        return removed;
    }

    /// <summary>One transaction per partition and hundred rows, while the budget lasts.</summary>
    private async Task<int> DeleteRowsAsync(TableClient table, IReadOnlyList<TableEntity> rows, Budget budget, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var batch in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(BatchLimit)))
        {
            if (!budget.TrySpend())
            {
                break;
            }

            using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
            try
            {
                await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), deadline.Token);
                removed += batch.Length;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                // One of these went meanwhile (a message sent, a claim moved it): the next read finds what is left.
            }
        }

        return removed;
    }

    private async Task<int> DeleteLeaseAsync(TableClient table, string tenantId, CancellationToken cancellationToken)
    {
        using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
        try
        {
            var response = await table.DeleteEntityAsync("lease", KeyEncoder.Encode(SendLeasePrefix + tenantId), ETag.All, deadline.Token);
            return response.Status == 404 ? 0 : 1;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>How many transactions a pass may still submit.</summary>
    private sealed class Budget(int transactions)
    {
        private int left = transactions;

        public bool Spent => left <= 0;

        public bool TrySpend()
        {
            if (left <= 0)
            {
                return false;
            }

            left--;
            return true;
        }
    }
}
