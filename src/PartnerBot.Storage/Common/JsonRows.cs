using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Common;

/// <summary>
/// Rows that hold one Core record as a JSON document in <c>Data</c>, beside a <c>Kind</c> and a
/// <c>SchemaVersion</c> column, plus any plain columns a query filters on. The record shape is explicit (a Core
/// record, never a TableEntity), and a later release can tell old documents by their version.
/// </summary>
public static class JsonRows
{
    public const int SchemaVersion = 1;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The partition of everything a workspace owns.</summary>
    public static string WorkspacePartition(WorkspaceKey workspace) => KeyEncoder.Compose(workspace.TenantId, workspace.WorkspaceId);

    public static string Partition(WorkspaceKey workspace, string id) => KeyEncoder.Compose(workspace.TenantId, workspace.WorkspaceId, id);

    public static TableEntity ToEntity<T>(string partitionKey, string rowKey, string kind, T value, IReadOnlyDictionary<string, object>? columns = null)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            ["Kind"] = kind,
            ["SchemaVersion"] = SchemaVersion,
            ["Data"] = JsonSerializer.Serialize(value, Json),
        };
        foreach (var (name, column) in columns ?? new Dictionary<string, object>())
        {
            entity[name] = column;
        }

        return entity;
    }

    public static T FromEntity<T>(TableEntity entity) =>
        JsonSerializer.Deserialize<T>(entity.GetString("Data"), Json)
        ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} holds no data.");

    public static async Task<Stored<T>?> GetAsync<T>(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } entity ? new Stored<T>(FromEntity<T>(entity), entity.ETag.ToString()) : null;
    }

    /// <summary>Inserts when <paramref name="etag"/> is null (a conflict if the row exists), else replaces it if unchanged.</summary>
    public static async Task<string> SaveAsync(TableClient table, TableEntity entity, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            var response = etag is null
                ? await table.AddEntityAsync(entity, cancellationToken)
                : await table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag?.ToString() ?? "";
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException(etag is null ? "The row already exists." : "The row changed since it was read.", e);
        }
        catch (RequestFailedException e) when (e.Status == 404 && etag is not null)
        {
            throw new ConcurrencyConflictException("The row was removed since it was read.", e);
        }
    }

    public static async Task<string> UpsertAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
        var response = await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        return response.Headers.ETag?.ToString() ?? "";
    }

    /// <summary>Every row of one partition, optionally narrowed by a further filter on plain columns.</summary>
    public static async Task<IReadOnlyList<TableEntity>> QueryPartitionAsync(TableClient table, string partitionKey, CancellationToken cancellationToken, string? andFilter = null)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        if (andFilter is not null)
        {
            filter += " and " + andFilter;
        }

        var rows = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(entity);
        }

        return rows;
    }
}
