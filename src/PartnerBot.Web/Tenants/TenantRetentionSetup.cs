using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Tenants;

namespace PartnerBot.Web.Tenants;

/// <summary>A tenant's data from install to erase: uninstall marks, the retention sweep, and the store 'erase workspace' uses.</summary>
public static class TenantRetentionSetup
{
    public static WebApplicationBuilder AddPartnerBotTenantRetention(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<TenantRetentionOptions>()
            .BindConfiguration(TenantRetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTenantDataStores();
        services.AddFollowThroughStorage();
        services.AddSingleton<TenantUninstalls>();
        services.AddSingleton<TenantRetentionSweeper>();
        services.AddHostedService<TenantRetentionWorker>();
        return builder;
    }
}
