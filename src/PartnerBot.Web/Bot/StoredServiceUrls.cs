using PartnerBot.Protocol.Authentication;
using PartnerBot.Storage.ConversationReferences;

namespace PartnerBot.Web.Bot;

/// <summary>The protocol layer's registry of vouched-for service URLs, kept in Table Storage for every instance.</summary>
internal sealed class StoredServiceUrls(TableServiceUrlStore store, TimeProvider time) : IServiceUrlRegistry
{
    public Task<bool> ContainsAsync(string serviceUrl, CancellationToken cancellationToken) =>
        store.ContainsAsync(serviceUrl, cancellationToken);

    public Task AddAsync(string serviceUrl, CancellationToken cancellationToken) =>
        store.AddAsync(serviceUrl, time.GetUtcNow(), cancellationToken);
}
