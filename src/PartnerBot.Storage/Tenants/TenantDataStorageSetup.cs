using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Tenants;

public static class TenantDataStorageSetup
{
    /// <summary>The uninstall marks' table, and the store that counts and erases a tenant's or a workspace's rows. Needs AddTableStorage.</summary>
    public static IServiceCollection AddTenantDataStores(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTable(TableUninstallStore.TableName);
        services.TryAddSingleton<TableUninstallStore>();
        services.TryAddSingleton<TableTenantDataStore>();
        services.TryAddSingleton<IWorkspaceDataStore>(sp => sp.GetRequiredService<TableTenantDataStore>());
        return services;
    }
}
