using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Roster;

public static class RosterStorageSetup
{
    /// <summary>The installed places' table. Needs <see cref="TableStorageServiceCollectionExtensions.AddTableStorage"/>.</summary>
    public static IServiceCollection AddInstalledPlaceStore(this IServiceCollection services)
    {
        services.AddTable(TableInstalledPlaceStore.TableName);
        services.TryAddSingleton<IInstalledPlaceStore, TableInstalledPlaceStore>();
        return services;
    }
}
