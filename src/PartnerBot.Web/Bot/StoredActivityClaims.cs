using PartnerBot.Protocol.Processing;
using PartnerBot.Storage.Activities;

namespace PartnerBot.Web.Bot;

/// <summary>The protocol layer's activity claims, kept in Table Storage so every instance sees them.</summary>
internal sealed class StoredActivityClaims(TableActivityClaimStore store) : IActivityClaims
{
    public Task<bool> TryClaimAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.TryClaimAsync(key, now, ActivityDeduplicator.Window, cancellationToken);

    public Task ReleaseAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.ReleaseAsync(key, now, cancellationToken);
}
