using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.FollowThrough;

/// <summary>Leases as rows (PartitionKey "lease", RowKey = name) with an owner and an expiry, taken over only by ETag.</summary>
public sealed class TableLeaseStore(TableProvider tables, TimeProvider time) : ILeaseStore
{
    public const string TableName = "leases";
    private const string Partition = "lease";

    private TableClient Table => tables.GetTable(TableName);

    public async Task<bool> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var row = KeyEncoder.Encode(name);
        var entity = new TableEntity(Partition, row) { ["Owner"] = owner, ["ExpiresAt"] = now + duration };
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken);
        try
        {
            if (!existing.HasValue)
            {
                await Table.AddEntityAsync(entity, cancellationToken);
                return true;
            }

            var current = existing.Value!;
            var held = current.GetString("Owner") != owner && current.GetDateTimeOffset("ExpiresAt") > now;
            if (held)
            {
                return false;
            }

            await Table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task ReleaseAsync(string name, string owner, CancellationToken cancellationToken)
    {
        var row = KeyEncoder.Encode(name);
        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.GetString("Owner") == owner)
        {
            try
            {
                await Table.DeleteEntityAsync(Partition, row, existing.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Someone else took it after it expired: theirs now.
            }
        }
    }
}
