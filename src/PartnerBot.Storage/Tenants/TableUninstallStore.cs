using Azure;
using Azure.Data.Tables;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Tenants;

/// <summary>When the app was removed from a tenant (its last team, group chat and personal chat), still waiting for a reinstall.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="UninstalledAt">When the tenant was first seen uninstalled.</param>
/// <param name="ETag">The mark's version, so a sweep forgets only the mark it acted on.</param>
public sealed record UninstallMark(string TenantId, DateTimeOffset UninstalledAt, string ETag);

/// <summary>
/// Uninstalled tenants: one partition (a handful of rows at most, read whole by the retention sweep), one row per tenant
/// (key-encoded), holding the tenant id and when it was found uninstalled. A reinstall deletes the row; the sweep deletes
/// it once the tenant's data is gone.
/// </summary>
public sealed class TableUninstallStore(TableProvider tables, TimeProvider time)
{
    public const string TableName = "Uninstalls";
    private const string Partition = "uninstalled";

    /// <summary>The deadline of each call to the table.</summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(10);

    private TableClient Table => tables.GetTable(TableName);

    /// <summary>Records the uninstall, unless one is recorded already (the earlier time stands). True when this call recorded it.</summary>
    public async Task<bool> MarkAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var row = new TableEntity(Partition, KeyEncoder.Encode(tenantId)) { ["TenantId"] = tenantId, ["UninstalledAt"] = at };
        using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
        try
        {
            await Table.AddEntityAsync(row, deadline.Token);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Forgets the uninstall: the tenant uses the app again. Nothing happens when none is recorded.</summary>
    public Task ClearAsync(string tenantId, CancellationToken cancellationToken) => DeleteAsync(tenantId, ETag.All, cancellationToken);

    /// <summary>Forgets the mark only as it was read, so a tenant removed again meanwhile keeps its newer mark.</summary>
    public Task ForgetAsync(UninstallMark mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mark);
        return DeleteAsync(mark.TenantId, new ETag(mark.ETag), cancellationToken);
    }

    public async Task<UninstallMark?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyEncoder.Encode(tenantId), cancellationToken: deadline.Token);
        return found.HasValue ? ToMark(found.Value!) : null;
    }

    public async Task<IReadOnlyList<UninstallMark>> ListAsync(CancellationToken cancellationToken)
    {
        using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
        var marks = new List<UninstallMark>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: deadline.Token))
        {
            marks.Add(ToMark(e));
        }

        return marks;
    }

    private async Task DeleteAsync(string tenantId, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        using var deadline = StorageDeadline.Start(CallDeadline, time, cancellationToken);
        try
        {
            await Table.DeleteEntityAsync(Partition, KeyEncoder.Encode(tenantId), etag, deadline.Token);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Never marked, forgotten already, or marked again since it was read.
        }
    }

    private static UninstallMark ToMark(TableEntity e) =>
        new(e.GetString("TenantId") ?? KeyEncoder.Decode(e.RowKey), e.GetDateTimeOffset("UninstalledAt") ?? DateTimeOffset.MinValue, e.ETag.ToString());
}
