using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Authentication;
using PartnerBot.Protocol.Bots;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Processing;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.Tables;
using PartnerBot.Web.Bot;

namespace PartnerBot.Web.Hosting;

/// <summary>The host: protocol endpoints, storage, the bot, health.</summary>
public static class HostSetup
{
    public static WebApplicationBuilder AddPartnerBotHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPartnerBotLogging();
        builder.AddPartnerBotEdge();
        builder.AddPartnerBotTelemetry();

        var services = builder.Services;
        services.AddTableStorage(builder.Configuration);
        services.AddConversationReferenceStore();
        // Before the protocol layer, whose in-memory registry is only a fallback.
        services.AddSingleton<IServiceUrlRegistry, StoredServiceUrls>();
        services.AddSingleton<IActivityClaims, StoredActivityClaims>();
        services.AddBotFrameworkProtocol(builder.Configuration);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, AppIdRequiredOutsideDevelopment>());

        services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<CardRefreshes>();
        services.AddScoped<IBot, PartnerBotHandler>();

        services.AddPartnerBotHealth();
        services.AddProblemDetails();
        return builder;
    }

    public static WebApplication MapPartnerBotHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            // A failure answers a bare problem document: no stack traces for strangers.
            app.UseExceptionHandler();
        }

        app.UsePartnerBotEdge();

        app.MapPartnerBotHealth();
        app.MapBotMessages();
        return app;
    }
}
