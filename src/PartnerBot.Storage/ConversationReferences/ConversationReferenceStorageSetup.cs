using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.Activities;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.ConversationReferences;

public static class ConversationReferenceStorageSetup
{
    /// <summary>The table-backed store behind a small cache. Needs <see cref="TableStorageServiceCollectionExtensions.AddTableStorage"/>.</summary>
    public static IServiceCollection AddConversationReferenceStore(this IServiceCollection services)
    {
        services.AddTable(TableConversationReferenceStore.TableName);
        services.AddTable(TableServiceUrlStore.TableName);
        services.TryAddSingleton<TableServiceUrlStore>();
        services.AddTable(TableActivityClaimStore.TableName);
        services.TryAddSingleton<TableActivityClaimStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TableConversationReferenceStore>();
        services.TryAddSingleton<IConversationReferenceStore>(sp => new CachedConversationReferenceStore(
            sp.GetRequiredService<TableConversationReferenceStore>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
