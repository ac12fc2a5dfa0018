using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.FollowThrough;

/// <summary>
/// The outbox, kept small so its scan stays cheap however much was sent before.
/// <list type="bullet">
/// <item>Table <c>outbox</c>, partition <c>due</c>: one row per message still to send, RowKey = its due time (ticks,
/// sortable) | tenant | key. A pending row is due at its next attempt, a claimed row at the end of its claim, so the
/// dispatcher finds both with one range query (<c>RowKey lt now</c>) that reads nothing else. A claim or a retry moves the
/// row (delete with the read ETag and insert, one transaction in one partition), so two instances never both move it.
/// A final status deletes it.</item>
/// <item>Table <c>outboxkeys</c>, PartitionKey = tenant, RowKey = idempotency key: the record that keeps a key from being
/// enqueued twice, and its outcome. The due scan never reads it.</item>
/// <item>Table <c>outbox</c>, partition <c>expiry</c>: RowKey = when a record's retention ends | tenant | key, so
/// housekeeping finds the records to remove with a range query too.</item>
/// </list>
/// </summary>
public sealed class TableOutboxStore(TableProvider tables) : IOutboxStore, IUnsentMessageStore
{
    public const string TableName = "outbox";
    public const string KeysTableName = "outboxkeys";

    private const string DuePartition = "due";
    private const string ExpiryPartition = "expiry";

    // A string property holds at most 64 KiB; payloads are split across numbered properties.
    private const int ChunkChars = 30_000;

    private long rowsRead;

    /// <summary>Rows this store has read from Table Storage (query results and point reads), for the scan benchmark and tests.</summary>
    public long RowsRead => Interlocked.Read(ref rowsRead);

    private TableClient Table => tables.GetTable(TableName);

    private TableClient Keys => tables.GetTable(KeysTableName);

    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.IsFinal || message.Status == OutboxStatus.Sending)
        {
            throw new ArgumentException($"Only a pending message can be enqueued, not one that is {message.Status}.", nameof(message));
        }

        // The row to send first, then the key: a stop in between leaves a row without its record, which the dispatcher
        // adopts (ConfirmEnqueuedAsync); the other order could leave a record of a message that never goes out.
        var row = ToEntity(message);
        try
        {
            await Table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }

        try
        {
            await Keys.AddEntityAsync(ToKeyEntity(message), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var record = await ReadKeyAsync(message.Workspace.TenantId, message.Key, cancellationToken);
            if (record?.GetString("EnqueueId") == message.EnqueueId)
            {
                // A dispatcher found our row before we wrote its record and wrote it for us.
                return true;
            }

            await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            return false;
        }
    }

    public async Task<Stored<OutboxMessage>?> GetAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        var record = await ReadKeyAsync(tenantId, key, cancellationToken);
        return record is null ? null : new Stored<OutboxMessage>(FromKeyEntity(record), record.ETag.ToString());
    }

    public async Task<IReadOnlyList<Stored<OutboxMessage>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        // Keys only: Table Storage reads exactly the rows in the range, so sent messages (gone from it) cost nothing.
        var upper = (now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DuePartition} and RowKey lt {upper}");
        var list = new List<Stored<OutboxMessage>>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            Interlocked.Increment(ref rowsRead);
            var message = FromEntity(e);
            if (message.IsFinal)
            {
                // A finish that stopped between its deciding write and its record: complete it, nothing to send.
                await CompleteFinishAsync(message, e.RowKey, e.ETag, cancellationToken);
                continue;
            }

            list.Add(new Stored<OutboxMessage>(message, e.ETag.ToString()));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    public async Task<bool> ConfirmEnqueuedAsync(Stored<OutboxMessage> due, CancellationToken cancellationToken)
    {
        var message = due.Value;
        var record = await ReadKeyAsync(message.Workspace.TenantId, message.Key, cancellationToken);
        if (record is null)
        {
            try
            {
                await Keys.AddEntityAsync(ToKeyEntity(message), cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                record = await ReadKeyAsync(message.Workspace.TenantId, message.Key, cancellationToken);
            }
        }

        if (record?.GetString("EnqueueId") == message.EnqueueId)
        {
            return true;
        }

        // A copy left by an enqueue that lost to another of the same key.
        try
        {
            await Table.DeleteEntityAsync(DuePartition, DueRowKey(message), new ETag(due.ETag), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }

        return false;
    }

    public async Task<Stored<OutboxMessage>?> TryUpdateAsync(Stored<OutboxMessage> current, OutboxMessage next, CancellationToken cancellationToken)
    {
        var currentRowKey = DueRowKey(current.Value);
        try
        {
            if (next.IsFinal)
            {
                return await FinishAsync(current, currentRowKey, next, cancellationToken);
            }

            var entity = ToEntity(next);
            if (entity.RowKey == currentRowKey)
            {
                var response = await Table.UpdateEntityAsync(entity, new ETag(current.ETag), TableUpdateMode.Replace, cancellationToken);
                return new Stored<OutboxMessage>(next, response.Headers.ETag?.ToString() ?? "");
            }

            // Due at another time: move the row, all or nothing, and only if nobody changed it since it was read.
            var moved = await Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(DuePartition, currentRowKey), new ETag(current.ETag)),
                    new TableTransactionAction(TableTransactionActionType.Add, entity),
                ],
                cancellationToken);
            return new Stored<OutboxMessage>(next, moved.Value[1].Headers.ETag?.ToString() ?? "");
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404 or 409)
        {
            return null;
        }
    }

    public async Task<int> PurgeExpiredKeysAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var upper = (now.UtcTicks + 1).ToString("D19", CultureInfo.InvariantCulture);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ExpiryPartition} and RowKey lt {upper}");
        var removed = 0;
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            Interlocked.Increment(ref rowsRead);
            await Keys.DeleteEntityAsync(KeyEncoder.Encode(e.GetString("Tenant")), KeyEncoder.Encode(e.GetString("Key")), ETag.All, cancellationToken);
            await Table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
            if (++removed >= max)
            {
                break;
            }
        }

        return removed;
    }

    public async Task<IReadOnlyList<string>> ListFailedRecipientsAsync(string tenantId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // One tenant's records, kept only for the retention period.
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {KeyEncoder.Encode(tenantId)} and Status eq {nameof(OutboxStatus.Failed)} and FinishedAt ge {since}");
        var recipients = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in Keys.QueryAsync<TableEntity>(filter, select: ["Recipient"], cancellationToken: cancellationToken))
        {
            Interlocked.Increment(ref rowsRead);
            recipients.Add(e.GetString("Recipient"));
        }

        return recipients.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Unsent messages are the rows of the due partition (pending, or claimed and not finished): read one workspace's,
    /// remove those <paramref name="names"/> picks (each only as read, so a claim that moved it is read again on the next
    /// pass), and their idempotency records, so a schedule may write a fresh message in their place.
    /// </summary>
    public async Task<int> RemoveUnsentAsync(WorkspaceKey workspace, Func<OutboxMessage, bool> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(names);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {DuePartition} and Tenant eq {workspace.TenantId} and WorkspaceId eq {workspace.WorkspaceId}");
        var removed = 0;
        for (var pass = 0; pass < 3; pass++)
        {
            var moved = false;
            var picked = new List<TableEntity>();
            await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                Interlocked.Increment(ref rowsRead);
                if (names(FromEntity(e)))
                {
                    picked.Add(e);
                }
            }

            foreach (var e in picked)
            {
                try
                {
                    await Table.DeleteEntityAsync(e.PartitionKey, e.RowKey, e.ETag, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    // Claimed, retried or finished meanwhile: a claim moved it under another key, read it again.
                    moved = true;
                    continue;
                }

                try
                {
                    await Keys.DeleteEntityAsync(KeyEncoder.Encode(e.GetString("Tenant")), KeyEncoder.Encode(e.GetString("Key")), ETag.All, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // An enqueue that stopped before writing its record.
                }

                removed++;
            }

            if (!moved)
            {
                break;
            }
        }

        return removed;
    }

    /// <summary>The rows a finished message leaves behind (its idempotency record and its expiry entry), for seeding a benchmark in batches.</summary>
    public static (TableEntity Record, TableEntity Expiry) FinishedRows(OutboxMessage finished)
    {
        if (!finished.IsFinal || finished.KeyExpiresAt is not { } expires)
        {
            throw new ArgumentException("Only a finished message with a retention end leaves these rows.", nameof(finished));
        }

        return (ToKeyEntity(finished), ExpiryEntity(finished, expires));
    }

    private static TableEntity ExpiryEntity(OutboxMessage m, DateTimeOffset expires) =>
        new(ExpiryPartition, $"{expires.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}|{KeyEncoder.Encode(m.Workspace.TenantId)}|{KeyEncoder.Encode(m.Key)}")
        {
            ["Tenant"] = m.Workspace.TenantId,
            ["Key"] = m.Key,
        };

    private async Task<Stored<OutboxMessage>> FinishAsync(Stored<OutboxMessage> current, string currentRowKey, OutboxMessage next, CancellationToken cancellationToken)
    {
        // 1. The expiry entry first: a stop after it leaves an entry to spare, never a record kept forever.
        if (next.KeyExpiresAt is { } expires)
        {
            await Table.UpsertEntityAsync(ExpiryEntity(next, expires), TableUpdateMode.Replace, cancellationToken);
        }

        // 2. The outcome on the row itself, only if the claim is still ours: this is the one write that decides. The row
        // stays in the due range until its record holds the outcome too, so a stop after this is finished by the next
        // ListDueAsync instead of leaving a record that never gets its outcome.
        var marked = ToEntity(next);
        marked.RowKey = currentRowKey;
        var response = await Table.UpdateEntityAsync(marked, new ETag(current.ETag), TableUpdateMode.Replace, cancellationToken);

        // 3. The outcome on the idempotency record, then the row out of the due range.
        await CompleteFinishAsync(next, currentRowKey, response.Headers.ETag ?? ETag.All, cancellationToken);
        return new Stored<OutboxMessage>(next, "");
    }

    private async Task CompleteFinishAsync(OutboxMessage finished, string rowKey, ETag etag, CancellationToken cancellationToken)
    {
        await Keys.UpsertEntityAsync(ToKeyEntity(finished), TableUpdateMode.Replace, cancellationToken);
        try
        {
            await Table.DeleteEntityAsync(DuePartition, rowKey, etag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Another pass completed the same finish.
        }
    }

    private async Task<TableEntity?> ReadKeyAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        var result = await Keys.GetEntityIfExistsAsync<TableEntity>(KeyEncoder.Encode(tenantId), KeyEncoder.Encode(key), cancellationToken: cancellationToken);
        Interlocked.Increment(ref rowsRead);
        return result.HasValue ? result.Value : null;
    }

    /// <summary>Due time | tenant | key: sorts by due time, unique per message.</summary>
    private static string DueRowKey(OutboxMessage m)
    {
        var due = m.Status == OutboxStatus.Sending && m.ClaimedUntil is { } until ? until : m.NextAttemptAt;
        var ticks = Math.Max(0, due.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        return $"{ticks}|{KeyEncoder.Encode(m.Workspace.TenantId)}|{KeyEncoder.Encode(m.Key)}";
    }

    private static TableEntity ToEntity(OutboxMessage m)
    {
        var e = new TableEntity(DuePartition, DueRowKey(m));
        WriteCommon(e, m);
        var chunks = 0;
        for (var i = 0; i < m.PayloadJson.Length; i += ChunkChars, chunks++)
        {
            e["Payload" + chunks.ToString(CultureInfo.InvariantCulture)] = m.PayloadJson.Substring(i, Math.Min(ChunkChars, m.PayloadJson.Length - i));
        }

        e["PayloadChunks"] = chunks;
        return e;
    }

    private static TableEntity ToKeyEntity(OutboxMessage m)
    {
        var e = new TableEntity(KeyEncoder.Encode(m.Workspace.TenantId), KeyEncoder.Encode(m.Key));
        WriteCommon(e, m);
        return e;
    }

    private static void WriteCommon(TableEntity e, OutboxMessage m)
    {
        e["Tenant"] = m.Workspace.TenantId;
        e["Key"] = m.Key;
        e["WorkspaceId"] = m.Workspace.WorkspaceId;
        e["Recipient"] = m.RecipientUserId;
        e["ConversationId"] = m.ConversationId;
        e["ServiceUrl"] = m.ServiceUrl;
        e["Status"] = m.Status.ToString();
        e["Attempts"] = m.Attempts;
        e["NextAttemptAt"] = m.NextAttemptAt;
        e["ClaimedBy"] = m.ClaimedBy;
        e["ClaimedUntil"] = m.ClaimedUntil;
        e["SentAt"] = m.SentAt;
        e["LastError"] = m.LastError is { Length: > 1000 } error ? error[..1000] : m.LastError;
        e["CreatedAt"] = m.CreatedAt;
        e["EnqueueId"] = m.EnqueueId;
        e["PartsSent"] = m.PartsSent;
        e["InFlightPart"] = m.InFlightPart;
        e["MaybeDelivered"] = m.MaybeDelivered;
        e["FinishedAt"] = m.FinishedAt;
        e["KeyExpiresAt"] = m.KeyExpiresAt;
    }

    private static OutboxMessage FromEntity(TableEntity e)
    {
        var chunks = e.GetInt32("PayloadChunks") ?? 0;
        var payload = string.Concat(Enumerable.Range(0, chunks).Select(i => e.GetString("Payload" + i.ToString(CultureInfo.InvariantCulture))));
        return FromKeyEntity(e) with { PayloadJson = payload };
    }

    private static OutboxMessage FromKeyEntity(TableEntity e) => new()
    {
        Key = e.GetString("Key"),
        Workspace = new WorkspaceKey(e.GetString("Tenant"), e.GetString("WorkspaceId")),
        RecipientUserId = e.GetString("Recipient"),
        ConversationId = e.GetString("ConversationId"),
        ServiceUrl = e.GetString("ServiceUrl"),
        PayloadJson = "",
        Status = Enum.Parse<OutboxStatus>(e.GetString("Status")),
        Attempts = e.GetInt32("Attempts") ?? 0,
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt") ?? DateTimeOffset.MinValue,
        ClaimedBy = e.GetString("ClaimedBy"),
        ClaimedUntil = e.GetDateTimeOffset("ClaimedUntil"),
        SentAt = e.GetDateTimeOffset("SentAt"),
        LastError = e.GetString("LastError"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        EnqueueId = e.GetString("EnqueueId") ?? "",
        PartsSent = e.GetInt32("PartsSent") ?? 0,
        InFlightPart = e.GetInt32("InFlightPart"),
        MaybeDelivered = e.GetBoolean("MaybeDelivered") ?? false,
        FinishedAt = e.GetDateTimeOffset("FinishedAt"),
        KeyExpiresAt = e.GetDateTimeOffset("KeyExpiresAt"),
    };
}
