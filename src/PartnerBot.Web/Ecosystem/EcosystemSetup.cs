using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Core.Ecosystem;

namespace PartnerBot.Web.Ecosystem;

/// <summary>The ecosystem health index: its chart and its reports (the snapshot store comes with the partnership stores).</summary>
public static class EcosystemSetup
{
    public static IServiceCollection AddPartnerBotEcosystem(this IServiceCollection services)
    {
        services.TryAddSingleton<IIndexChart, ScottPlotIndexChart>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<EcosystemReports>(sp));
        return services;
    }
}
