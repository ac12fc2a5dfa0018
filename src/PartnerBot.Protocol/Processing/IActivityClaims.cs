namespace PartnerBot.Protocol.Processing;

/// <summary>
/// Activity ids claimed by any instance of the bot, so a channel's resend that lands on another instance is still
/// recognised as a repeat (Table Storage in the app). Keys are opaque; a claim lasts at least
/// <see cref="ActivityDeduplicator.Window"/>.
/// </summary>
public interface IActivityClaims
{
    /// <summary>True when this call claimed the key; false when some instance claimed it within the window.</summary>
    Task<bool> TryClaimAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives a claim up, so the channel's retry of a failed turn may run (on any instance).</summary>
    Task ReleaseAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The claims of a single process: none beyond the de-duplicator's own memory. Used when the host provides none.</summary>
internal sealed class ProcessLocalActivityClaims : IActivityClaims
{
    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ReleaseAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;
}
