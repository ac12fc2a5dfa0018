using Azure;
using Azure.Data.Tables;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.ConversationReferences;

/// <summary>
/// The service URLs that validated channel tokens have vouched for, shared by every instance and kept across
/// restarts: the bot sends to a URL (and its token with it) only when it is configured or recorded here. One
/// partition, one row per URL; a handful of rows in practice (Teams' regional endpoints).
/// </summary>
public sealed class TableServiceUrlStore(TableProvider tables)
{
    public const string TableName = "ServiceUrls";
    private const string Partition = "serviceurl";

    private TableClient Table => tables.GetTable(TableName);

    public async Task<bool> ContainsAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyEncoder.Encode(serviceUrl), ["PartitionKey"], cancellationToken);
        return response.HasValue;
    }

    public async Task AddAsync(string serviceUrl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = new TableEntity(Partition, KeyEncoder.Encode(serviceUrl)) { ["ServiceUrl"] = serviceUrl, ["FirstSeen"] = now };
        try
        {
            await Table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Recorded before, by this instance or another.
        }
    }
}
