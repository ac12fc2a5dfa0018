using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Authentication;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Processing;

namespace PartnerBot.Protocol.Hosting;

/// <summary>Registers the Bot Framework protocol layer.</summary>
public static class ProtocolServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="BotOptions"/> from the <c>Bot</c> section (validated at start-up) and registers the
    /// token validator, the connector client, the activity processor, the de-duplicator.
    /// The application registers its own <c>IBot</c>.
    /// </summary>
    public static IServiceCollection AddBotFrameworkProtocol(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(BotHttpClients.OpenIdMetadata, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(BotHttpClients.Connector, c => c.Timeout = ConnectorDeadlines.RequestTimeout);

        services.TryAddSingleton<IServiceUrlRegistry, InMemoryServiceUrlRegistry>();
        services.TryAddSingleton<TrustedServiceUrls>();
        services.TryAddSingleton<IBotTokenValidator, BotTokenValidator>();
        services.TryAddSingleton<IBotTokenProvider, CachedBotTokenProvider>();
        services.TryAddSingleton<HttpConnectorClient>();
        services.TryAddSingleton<IConnectorClient>(sp => sp.GetRequiredService<HttpConnectorClient>());
        services.TryAddSingleton<IActivityClaims, ProcessLocalActivityClaims>();
        services.TryAddSingleton<ActivityDeduplicator>();
        services.TryAddSingleton<IActivityProcessor, ActivityProcessor>();
        services.AddHostedService<ProtocolStartupReport>();
        return services;
    }
}
