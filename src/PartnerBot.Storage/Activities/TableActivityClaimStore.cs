using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Activities;

/// <summary>
/// Which instance took which inbound activity, so a channel's resend to another instance is not processed twice.
/// One row per activity, inserted only if absent, in a partition per UTC hour: a claim is looked for in its own
/// hour and, near the start of an hour, in the one before; partitions older than that are never read and are
/// deleted by whichever instance first sees a new hour.
/// </summary>
public sealed partial class TableActivityClaimStore(TableProvider tables, ILogger<TableActivityClaimStore> logger)
{
    public const string TableName = "ActivityClaims";
    private const string ClaimedAt = "ClaimedAt";

    private long sweptHour;

    private TableClient Table => tables.GetTable(TableName);

    /// <summary>True when this call claimed the key; false when a claim younger than <paramref name="window"/> exists.</summary>
    public async Task<bool> TryClaimAsync(string key, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        SweepOnNewHour(now);
        var row = KeyEncoder.Encode(key);
        if (!await TryInsertAsync(Hour(now), row, now, window, cancellationToken))
        {
            return false;
        }

        // A claim made just before the hour turned sits in the previous partition.
        var hourStart = new DateTimeOffset(now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour), TimeSpan.Zero);
        if (now - hourStart < window)
        {
            var earlier = await Table.GetEntityIfExistsAsync<TableEntity>(Hour(now.AddHours(-1)), row, [ClaimedAt], cancellationToken);
            if (earlier.HasValue && IsLive(earlier.Value!, now, window))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Deletes the claim, wherever in the last two hours it was made.</summary>
    public async Task ReleaseAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = KeyEncoder.Encode(key);
        foreach (var partition in new[] { Hour(now), Hour(now.AddHours(-1)) })
        {
            try
            {
                await Table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Not claimed in that hour.
            }
        }
    }

    /// <summary>Deletes every claim in partitions older than the previous hour. Returns how many rows went.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {Hour(now.AddHours(-1))}");
        var deleted = 0;
        var batch = new List<TableTransactionAction>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (batch.Count == 100 || (batch.Count > 0 && batch[0].Entity.PartitionKey != entity.PartitionKey))
            {
                deleted += await DeleteAsync(batch, cancellationToken);
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, entity, ETag.All));
        }

        return deleted + await DeleteAsync(batch, cancellationToken);
    }

    private async Task<bool> TryInsertAsync(string partition, string row, DateTimeOffset now, TimeSpan window, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(partition, row) { [ClaimedAt] = now };
        try
        {
            await Table.AddEntityAsync(claim, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }

        var existing = await Table.GetEntityIfExistsAsync<TableEntity>(partition, row, [ClaimedAt], cancellationToken);
        if (!existing.HasValue)
        {
            // Released a moment ago: one more try, and whoever wins that has it.
            try
            {
                await Table.AddEntityAsync(claim, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                return false;
            }
        }

        if (IsLive(existing.Value!, now, window))
        {
            return false;
        }

        // An old delivery's claim in the same hour: take it over, unless another instance just did.
        try
        {
            await Table.UpdateEntityAsync(claim, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static bool IsLive(TableEntity claim, DateTimeOffset now, TimeSpan window) =>
        claim.GetDateTimeOffset(ClaimedAt) is { } at && now - at < window;

    private void SweepOnNewHour(DateTimeOffset now)
    {
        var hour = now.ToUnixTimeSeconds() / 3600;
        var previous = Interlocked.Exchange(ref sweptHour, hour);
        if (previous == hour)
        {
            return;
        }

        // Off the turn's path: a sweep that fails leaves rows nobody reads, and the next hour tries again.
        _ = Task.Run(async () =>
        {
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await SweepAsync(now, deadline.Token);
            }
            catch (Exception e)
            {
                LogSweepFailed(logger, e);
            }
        });
    }

    private async Task<int> DeleteAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var count = batch.Count;
        try
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Another instance swept some of these; the next sweep takes the rest.
            count = 0;
        }

        batch.Clear();
        return count;
    }

    private static string Hour(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete old activity claims; they are never read and the next hour tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
