using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Core.Ecosystem;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Ecosystem;

/// <summary>
/// The ecosystem health index's weekly snapshots: partition = workspace, row = ISO week ("2026-W48", which sorts by
/// time). Saving a week again replaces its row, so the digest may be built any number of times a week.
/// </summary>
public sealed class TableEcosystemSnapshotStore(TableProvider tables, TimeProvider time) : IEcosystemSnapshotStore
{
    public const string TableName = "EcosystemSnapshots";

    public const string Kind = "ecosystem";

    /// <summary>The deadline of each call, on top of the SDK's per-try timeout: a digest run must not hang on one workspace.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(10);

    private TableClient Table => tables.GetTable(TableName);

    public async Task SaveAsync(WorkspaceKey workspace, EcosystemSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(snapshot);
        var entity = JsonRows.ToEntity(JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(snapshot.Week), Kind, snapshot,
            new Dictionary<string, object> { ["Index"] = snapshot.Index });
        using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
        await JsonRows.UpsertAsync(Table, entity, deadline.Token);
    }

    public async Task<IReadOnlyList<EcosystemSnapshot>> ListRecentAsync(WorkspaceKey workspace, int count, string? beforeWeek, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
        var filter = beforeWeek is null ? null : TableClient.CreateQueryFilter($"RowKey lt {KeyEncoder.Encode(beforeWeek)}");
        // A workspace holds one row a week (about fifty a year): the partition is read whole and the latest kept.
        var rows = await JsonRows.QueryPartitionAsync(Table, JsonRows.WorkspacePartition(workspace), deadline.Token, filter);
        return [.. rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).TakeLast(count).Select(JsonRows.FromEntity<EcosystemSnapshot>)];
    }
}

public static class EcosystemStorageSetup
{
    /// <summary>The snapshots table and its store. Needs AddTableStorage.</summary>
    public static IServiceCollection AddEcosystemSnapshots(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTable(TableEcosystemSnapshotStore.TableName);
        services.TryAddSingleton<IEcosystemSnapshotStore, TableEcosystemSnapshotStore>();
        return services;
    }
}
