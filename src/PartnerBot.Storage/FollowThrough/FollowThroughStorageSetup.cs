using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.FollowThrough;

public static class FollowThroughStorageSetup
{
    /// <summary>The outbox, leases and follow-through settings tables. Needs AddTableStorage.</summary>
    public static IServiceCollection AddFollowThroughStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTable(TableOutboxStore.TableName);
        services.AddTable(TableOutboxStore.KeysTableName);
        services.AddTable(TableLeaseStore.TableName);
        services.AddTable(TableFollowThroughSettingsStore.TableName);
        services.TryAddSingleton<IOutboxStore, TableOutboxStore>();
        // Erasing a partner removes the unsent messages naming it, from the same outbox the dispatcher reads.
        services.TryAddSingleton<IUnsentMessageStore>(sp => sp.GetRequiredService<IOutboxStore>() as IUnsentMessageStore ?? ActivatorUtilities.CreateInstance<TableOutboxStore>(sp));
        services.TryAddSingleton<ILeaseStore, TableLeaseStore>();
        services.TryAddSingleton<IFollowThroughSettingsStore, TableFollowThroughSettingsStore>();
        return services;
    }
}
