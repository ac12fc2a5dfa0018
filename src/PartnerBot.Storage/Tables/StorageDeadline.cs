namespace PartnerBot.Storage.Tables;

/// <summary>
/// A deadline for one storage call on top of the SDK's per-try timeout, on the given clock, joined with the caller's
/// token: background work that reads or deletes many rows must not hang on one call whatever the retries do.
/// </summary>
public sealed class StorageDeadline : IDisposable
{
    private readonly CancellationTokenSource deadline;
    private readonly CancellationTokenSource linked;

    private StorageDeadline(TimeSpan after, TimeProvider time, CancellationToken cancellationToken)
    {
        deadline = new CancellationTokenSource(after, time);
        linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
    }

    public CancellationToken Token => linked.Token;

    public static StorageDeadline Start(TimeSpan after, TimeProvider time, CancellationToken cancellationToken) => new(after, time, cancellationToken);

    public void Dispose()
    {
        linked.Dispose();
        deadline.Dispose();
    }
}
