using System.Globalization;
using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.FollowThrough;

/// <summary>
/// The outbox: PartitionKey = tenant, RowKey = idempotency key, so a second enqueue of the same key is a 409 and
/// changes nothing. Every change after that is ETag-guarded, so two instances can never both claim or finish one message.
/// </summary>
public sealed class TableOutboxStore(TableProvider tables) : IOutboxStore
{
    public const string TableName = "outbox";

    // A string property holds at most 64 KiB; payloads are split across numbered properties.
    private const int ChunkChars = 30_000;

    private TableClient Table => tables.GetTable(TableName);

    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(message), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<Stored<OutboxMessage>?> GetAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        var result = await Table.GetEntityIfExistsAsync<TableEntity>(KeyEncoder.Encode(tenantId), KeyEncoder.Encode(key), cancellationToken: cancellationToken);
        return result.HasValue ? new Stored<OutboxMessage>(FromEntity(result.Value!), result.Value!.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<Stored<OutboxMessage>>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        // Whole-table filter: fine for a weekly fan-out of thousands; a busier outbox would partition by due hour.
        var filter = TableClient.CreateQueryFilter(
            $"(Status eq {nameof(OutboxStatus.Pending)} and NextAttemptAt le {now}) or (Status eq {nameof(OutboxStatus.Sending)} and ClaimedUntil le {now})");
        var list = new List<Stored<OutboxMessage>>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            list.Add(new Stored<OutboxMessage>(FromEntity(e), e.ETag.ToString()));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    public async Task<Stored<OutboxMessage>?> TryUpdateAsync(Stored<OutboxMessage> current, OutboxMessage next, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(ToEntity(next), new ETag(current.ETag), TableUpdateMode.Replace, cancellationToken);
            return new Stored<OutboxMessage>(next, response.Headers.ETag?.ToString() ?? "");
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return null;
        }
    }

    private static TableEntity ToEntity(OutboxMessage m)
    {
        var e = new TableEntity(KeyEncoder.Encode(m.Workspace.TenantId), KeyEncoder.Encode(m.Key))
        {
            ["WorkspaceId"] = m.Workspace.WorkspaceId,
            ["Recipient"] = m.RecipientUserId,
            ["ConversationId"] = m.ConversationId,
            ["ServiceUrl"] = m.ServiceUrl,
            ["Status"] = m.Status.ToString(),
            ["Attempts"] = m.Attempts,
            ["NextAttemptAt"] = m.NextAttemptAt,
            ["ClaimedBy"] = m.ClaimedBy,
            ["ClaimedUntil"] = m.ClaimedUntil,
            ["SentAt"] = m.SentAt,
            ["LastError"] = m.LastError is { Length: > 1000 } error ? error[..1000] : m.LastError,
            ["CreatedAt"] = m.CreatedAt,
        };
        var chunks = 0;
        for (var i = 0; i < m.PayloadJson.Length; i += ChunkChars, chunks++)
        {
            e["Payload" + chunks.ToString(CultureInfo.InvariantCulture)] = m.PayloadJson.Substring(i, Math.Min(ChunkChars, m.PayloadJson.Length - i));
        }

        e["PayloadChunks"] = chunks;
        return e;
    }

    private static OutboxMessage FromEntity(TableEntity e)
    {
        var chunks = e.GetInt32("PayloadChunks") ?? 0;
        var payload = string.Concat(Enumerable.Range(0, chunks).Select(i => e.GetString("Payload" + i.ToString(CultureInfo.InvariantCulture))));
        return new OutboxMessage
        {
            Key = KeyEncoder.Decode(e.RowKey),
            Workspace = new WorkspaceKey(KeyEncoder.Decode(e.PartitionKey), e.GetString("WorkspaceId")),
            RecipientUserId = e.GetString("Recipient"),
            ConversationId = e.GetString("ConversationId"),
            ServiceUrl = e.GetString("ServiceUrl"),
            PayloadJson = payload,
            Status = Enum.Parse<OutboxStatus>(e.GetString("Status")),
            Attempts = e.GetInt32("Attempts") ?? 0,
            NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt") ?? DateTimeOffset.MinValue,
            ClaimedBy = e.GetString("ClaimedBy"),
            ClaimedUntil = e.GetDateTimeOffset("ClaimedUntil"),
            SentAt = e.GetDateTimeOffset("SentAt"),
            LastError = e.GetString("LastError"),
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        };
    }
}
