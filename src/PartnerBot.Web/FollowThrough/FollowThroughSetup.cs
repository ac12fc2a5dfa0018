using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Web.FollowThrough.Delivery;
using PartnerBot.Web.FollowThrough.Handlers;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Web.FollowThrough;

/// <summary>Nudges, health checks and the weekly digest: schedules, outbox, delivery.</summary>
public static class FollowThroughSetup
{
    public static WebApplicationBuilder AddPartnerBotFollowThrough(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName);
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExportOptions>, ExportSigningKeyValid>());
        services.AddHostedService<ExportStartupReport>();
        services.AddFollowThroughStorage();
        services.AddSingleton(sp => new TeamsRateLimiter(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value.Limits, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TenantSendLeases>();
        services.AddSingleton<DispatchSignal>();
        services.AddSingleton<OutboxMessenger>();
        services.AddSingleton<IProactiveMessenger>(sp => sp.GetRequiredService<OutboxMessenger>());
        services.AddSingleton<ExportLinks>();
        services.AddSingleton<IDigestNarrative, DigestNarrative>();

        // The workspace stores, the connector client and the conversation references come from other parts of the app.
        // Factories (not type registrations) keep a host that lacks one of them starting: the part that needs it reports it when used.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<OutboxDispatcher>(sp));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DigestService>(sp));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<FollowThroughPlanner>(sp));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<NextStepActions>(sp));
        services.AddSingleton<IFlow, FollowThroughFlows>();
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<FollowThroughWorker>(sp));
        return builder;
    }

    public static WebApplication MapPartnerBotFollowThrough(this WebApplication app)
    {
        app.MapGet(ExportEndpoint.Path, ExportEndpoint.HandleAsync);
        app.MapGet(WorkspaceExportEndpoint.Path, WorkspaceExportEndpoint.HandleAsync);
        return app;
    }
}
