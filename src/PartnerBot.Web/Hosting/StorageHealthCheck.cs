using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Web.Hosting;

/// <summary>
/// Reads at most one row of a table the bot needs. A data-plane read is what the bot does all day,
/// so it works with exactly the rights the app has (a managed identity with a data role included).
/// </summary>
internal sealed partial class StorageHealthCheck(TableProvider tables, ILogger<StorageHealthCheck> logger) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var pages = tables.GetTable(TableConversationReferenceStore.TableName)
                .QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: timeout.Token)
                .AsPages()
                .GetAsyncEnumerator(timeout.Token);
            await pages.MoveNextAsync();

            return HealthCheckResult.Healthy("Table Storage answered.");
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException or AggregateException)
        {
            LogUnreachable(e);
            return HealthCheckResult.Unhealthy(e is OperationCanceledException
                ? $"Table Storage did not answer within {Timeout.TotalSeconds:0} seconds."
                : "Table Storage refused or failed the request; see the log.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: Table Storage is not reachable.")]
    private partial void LogUnreachable(Exception exception);
}
