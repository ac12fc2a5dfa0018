using System.Net.Sockets;
using Azure;

namespace PartnerBot.Storage.Tables;

/// <summary>Which failures mean "Table Storage did not answer in time or at all", as opposed to a bug or a refusal.</summary>
public static class StorageFaults
{
    /// <summary>
    /// True for a timeout of the SDK's own (a cancellation nobody asked for), a network failure, or a server-side
    /// failure (408, 5xx), also when the SDK's retries wrapped them in an <see cref="AggregateException"/>.
    /// </summary>
    public static bool IsUnavailable(Exception exception, CancellationToken callerToken) => exception switch
    {
        OperationCanceledException => !callerToken.IsCancellationRequested,
        TimeoutException or HttpRequestException or SocketException or IOException => true,
        RequestFailedException failed => failed.Status is 0 or 408 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(inner => IsUnavailable(inner, callerToken)),
        _ => exception.InnerException is { } inner && IsUnavailable(inner, callerToken),
    };
}
