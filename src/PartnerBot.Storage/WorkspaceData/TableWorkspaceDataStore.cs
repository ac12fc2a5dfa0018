using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.Ecosystem;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Needs;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Roster;
using PartnerBot.Storage.Tables;
using PartnerBot.Storage.Workspaces;

namespace PartnerBot.Storage.WorkspaceData;

/// <summary>
/// The workspace as a whole, across every table that holds its rows: the export reads all of them, and erasing a
/// staff member rewrites all of them. Both go row by row over the workspace's partitions rather than through each
/// store, so a kind of row added later is exported and scrubbed without being listed here first.
/// </summary>
public sealed class TableWorkspaceDataStore(TableProvider tables) : IWorkspaceExportStore, IStaffErasureStore
{
    private const int ErasurePasses = 3;

    /// <summary>The tables whose partition <c>{tenant}|{workspace}</c> belongs to one workspace.</summary>
    public static IReadOnlyList<string> WorkspacePartitionTables { get; } =
    [
        TableMemberStore.TableName,
        PipelineTable.Name,
        TableNeedsAssessmentStore.TableName,
        TableFollowThroughSettingsStore.TableName,
        TableInstalledPlaceStore.TableName,
        TableEcosystemSnapshotStore.TableName,
    ];

    // File names by table and kind; followthrough rows have no kind column and are told apart by their key's first part.
    private static readonly Dictionary<(string Table, string Kind), string> Files = new()
    {
        [(TableWorkspaceStore.TableName, "workspace")] = "workspace.json",
        [(TableMemberStore.TableName, "member")] = "members.json",
        [(TableMemberStore.TableName, "admins")] = "admins.json",
        [(PipelineTable.Name, TablePartnerStore.Kind)] = "partners.json",
        [(PipelineTable.Name, TablePartnerHistoryStore.ScreeningKind)] = "screenings.json",
        [(PipelineTable.Name, TablePartnerHistoryStore.AssessmentKind)] = "assessments.json",
        [(PipelineTable.Name, TableNextStepStore.Kind)] = "next-steps.json",
        [(PipelineTable.Name, TablePartnerHistoryStore.InteractionKind)] = "logged-contacts.json",
        [(PipelineTable.Name, TablePartnerHistoryStore.HealthCheckKind)] = "health-checks.json",
        [(PipelineTable.Name, TablePartnerHistoryStore.FormalisationKind)] = "formalisations.json",
        [(PipelineTable.Name, TablePartnerHistoryStore.PartnerRoundKind)] = "partner-health-rounds.json",
        [(PipelineTable.Name, TablePartnerRemovalStore.AuditKind)] = "erased-partners.json",
        [(PipelineTable.Name, TableIntroductionStore.Kind)] = "introductions.json",
        [(PipelineTable.Name, PipelineTable.DialogPrefix)] = "open-dialogs.json",
        [(TableNeedsAssessmentStore.TableName, "needs")] = "needs-assessments.json",
        [(TableFollowThroughSettingsStore.TableName, "settings")] = "settings.json",
        [(TableFollowThroughSettingsStore.TableName, "prefs")] = "reminder-preferences.json",
        [(TableFollowThroughSettingsStore.TableName, "state")] = "reminder-states.json",
        [(TableInstalledPlaceStore.TableName, "installedplace")] = "installed-places.json",
        [(TableEcosystemSnapshotStore.TableName, TableEcosystemSnapshotStore.Kind)] = "ecosystem-snapshots.json",
    };

    // Columns that are the row's address or the service's bookkeeping, not its content.
    private static readonly HashSet<string> SystemColumns = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>The file each known kind of row goes to, so a reader (and a test) can tell which are expected.</summary>
    public static IReadOnlyCollection<string> KnownFiles => [.. Files.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public async Task<IReadOnlyList<WorkspaceExportFile>> ReadAllAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        // Every known file is there, empty or not, so a reader finds the same shape in every export.
        var files = KnownFiles.ToDictionary(name => name, _ => new JsonArray(), StringComparer.Ordinal);
        foreach (var (table, row) in await ReadRowsAsync(workspace, cancellationToken))
        {
            var name = FileOf(table, row);
            if (!files.TryGetValue(name, out var rows))
            {
                files[name] = rows = [];
            }

            rows.Add(Document(table, row));
        }

        return [.. files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new WorkspaceExportFile(f.Key, f.Value))];
    }

    public async Task<StaffErasureResult> EraseAsync(WorkspaceKey workspace, StaffErasure erasure, CancellationToken cancellationToken)
    {
        var (removed, rewritten) = (0, 0);
        for (var pass = 1; ; pass++)
        {
            try
            {
                foreach (var (table, row) in await ReadRowsAsync(workspace, cancellationToken))
                {
                    if (IsOwn(table, row, erasure.UserId))
                    {
                        await DeleteAsync(tables.GetTable(table), row, cancellationToken);
                        removed++;
                    }
                    else if (!IsOtherMember(table, row) && Scrubbed(row, erasure) is { } scrubbed)
                    {
                        await ReplaceAsync(tables.GetTable(table), row, scrubbed, cancellationToken);
                        rewritten++;
                    }
                }

                break;
            }
            catch (ConcurrencyConflictException) when (pass < ErasurePasses)
            {
                // A row changed between the read and the write: read again; rows done already no longer name the person.
            }
        }

        // The person's chat address: kept per tenant, it holds their name and lets the bot message them.
        removed += await DeleteIfExistsAsync(
            tables.GetTable(TableConversationReferenceStore.TableName), KeyEncoder.Encode(workspace.TenantId), KeyEncoder.Encode(erasure.UserId), cancellationToken);
        return new StaffErasureResult(removed, rewritten);
    }

    /// <summary>Every row the workspace owns, with its table: its partition of each table, and its own workspace row.</summary>
    private async Task<List<(string Table, TableEntity Row)>> ReadRowsAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        var partition = JsonRows.WorkspacePartition(workspace);
        var reads = WorkspacePartitionTables.Select(async table => (table, await QueryAsync(tables.GetTable(table), partition, cancellationToken))).ToList();
        var rows = new List<(string, TableEntity)>();
        var own = await tables.GetTable(TableWorkspaceStore.TableName).GetEntityIfExistsAsync<TableEntity>(
            KeyEncoder.Encode(workspace.TenantId), KeyEncoder.Encode(workspace.WorkspaceId), cancellationToken: cancellationToken);
        if (own.HasValue && own.Value is { } workspaceRow)
        {
            rows.Add((TableWorkspaceStore.TableName, workspaceRow));
        }

        foreach (var (table, found) in await Task.WhenAll(reads))
        {
            rows.AddRange(found.Select(row => (table, row)));
        }

        return rows;
    }

    private static async Task<IReadOnlyList<TableEntity>> QueryAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonRows.QueryPartitionAsync(table, partition, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // A host that never created this table holds no rows in it.
            return [];
        }
    }

    private static string FileOf(string table, TableEntity row)
    {
        var kind = table == TableFollowThroughSettingsStore.TableName || (table == PipelineTable.Name && PipelineTable.IsDialogRow(row.RowKey))
            ? KeyEncoder.Decode(row.RowKey.Split('|')[0])
            : row.GetString("Kind") ?? "row";
        return Files.TryGetValue((table, kind), out var name)
            ? name
            : new string([.. $"{table}-{kind}".ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]) + ".json";
    }

    /// <summary>
    /// The row's document; where the person or setting a row belongs to is only in its key (reminder preferences, open
    /// dialogs), the key comes with it.
    /// </summary>
    private static JsonNode Document(string table, TableEntity row)
    {
        var data = row.GetString("Data") ?? row.GetString("Json");
        JsonNode value = data is not null ? JsonNode.Parse(data) ?? new JsonObject() : Columns(row);
        var keyed = table == TableFollowThroughSettingsStore.TableName || (table == PipelineTable.Name && PipelineTable.IsDialogRow(row.RowKey));
        return keyed ? new JsonObject { ["key"] = DecodedKey(row.RowKey), ["value"] = value } : value;
    }

    private static JsonObject Columns(TableEntity row)
    {
        var columns = new JsonObject();
        foreach (var (name, value) in row.Where(p => !SystemColumns.Contains(p.Key)))
        {
            columns[name] = JsonValue.Create(value?.ToString());
        }

        return columns;
    }

    private static string DecodedKey(string rowKey) => string.Join('|', rowKey.Split('|').Select(KeyEncoder.Decode));

    /// <summary>The person's own rows, removed rather than rewritten: their membership, open dialog, reminder settings and states.</summary>
    private static bool IsOwn(string table, TableEntity row, string userId) =>
        table switch
        {
            TableMemberStore.TableName => row.RowKey == KeyEncoder.Encode(userId),
            PipelineTable.Name => row.RowKey == PipelineTable.DialogRow(userId),
            TableFollowThroughSettingsStore.TableName =>
                row.RowKey == KeyEncoder.Compose("prefs", userId) || row.RowKey.StartsWith(KeyEncoder.Compose("state", userId) + "|", StringComparison.Ordinal),
            _ => false,
        };

    /// <summary>Another member's own row: never rewritten, whoever shares a name or a word of it with the person.</summary>
    private static bool IsOtherMember(string table, TableEntity row) =>
        table == TableMemberStore.TableName && row.RowKey != TableMemberStore.AdminsRow;

    /// <summary>The row with the person scrubbed from its key and every text column (a JSON document inside too), or null when it does not name them.</summary>
    private static TableEntity? Scrubbed(TableEntity row, StaffErasure erasure)
    {
        var rowKey = string.Join('|', row.RowKey.Split('|').Select(part => KeyEncoder.Encode(erasure.Scrub(KeyEncoder.Decode(part)))));
        var scrubbed = new TableEntity(row.PartitionKey, rowKey);
        var changed = rowKey != row.RowKey;
        foreach (var (name, value) in row.Where(p => !SystemColumns.Contains(p.Key)))
        {
            var next = value;
            if (value is string text)
            {
                next = name is "Data" or "Json" ? ScrubDocument(text, erasure) : erasure.Scrub(text);
                changed |= !string.Equals((string)next, text, StringComparison.Ordinal);
            }

            scrubbed[name] = next;
        }

        return changed ? scrubbed : null;
    }

    /// <summary>The JSON document with the person scrubbed from its values, or unchanged (byte for byte) when it does not name them.</summary>
    private static string ScrubDocument(string text, StaffErasure erasure)
    {
        var document = JsonNode.Parse(text);
        var scrubbed = erasure.Scrub(document);
        return JsonNode.DeepEquals(document, scrubbed) ? text : scrubbed!.ToJsonString(JsonRows.Json);
    }

    private static async Task DeleteAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new ConcurrencyConflictException("The row changed since it was read.", e);
        }
    }

    /// <summary>Replaces the row if unchanged; when its key changes too, the old row goes and the new one comes in one transaction.</summary>
    private static async Task ReplaceAsync(TableClient table, TableEntity row, TableEntity scrubbed, CancellationToken cancellationToken)
    {
        try
        {
            if (scrubbed.RowKey == row.RowKey)
            {
                await table.UpdateEntityAsync(scrubbed, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), row.ETag),
                        new TableTransactionAction(TableTransactionActionType.Add, scrubbed),
                    ],
                    cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
        {
            // A transaction's failure is one of these too (TableTransactionFailedException).
            throw new ConcurrencyConflictException("The row changed since it was read.", e);
        }
    }

    private static async Task<int> DeleteIfExistsAsync(TableClient table, string partition, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.DeleteEntityAsync(partition, rowKey, ETag.All, cancellationToken);
            return response.Status == 404 ? 0 : 1;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }
}
