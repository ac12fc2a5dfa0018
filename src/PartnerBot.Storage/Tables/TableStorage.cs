using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PartnerBot.Storage.Tables;

/// <summary>Where the tables live. Section <c>Storage</c>.</summary>
public sealed class TableStorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>A connection string (Azurite or an account key). Takes precedence over <see cref="TableServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The account's Table endpoint, used with a managed identity, e.g. https://acct.table.core.windows.net.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The client id of the user-assigned managed identity for <see cref="TableServiceUri"/>; system-assigned when empty.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefixed to every table name, so several deployments or test runs can share an account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>
    /// How long one try of a storage call may wait for an answer. The SDK's default (100 s) would hold a person's
    /// turn far past the channel's 15 seconds when storage hangs; turns have their own deadline on top of this.
    /// </summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after a failed or timed-out try (so at most this plus one tries a call).</summary>
    public int MaxRetries { get; set; } = 2;
}

/// <summary>A table a store needs; registered with <see cref="TableStorageServiceCollectionExtensions.AddTable"/>.</summary>
public sealed record TableRegistration(string Name);

/// <summary>Hands out table clients by logical name, with the configured prefix applied.</summary>
public sealed class TableProvider(TableServiceClient service, IOptions<TableStorageOptions> options)
{
    public TableServiceClient Service { get; } = service;

    public TableClient GetTable(string name) => Service.GetTableClient(options.Value.TablePrefix + name);
}

/// <summary>Creates every registered table at start-up (never in a constructor).</summary>
public sealed class TableInitializer(TableProvider tables, IEnumerable<TableRegistration> registrations) : IHostedService
{
    // The host starts listening only after this returns, so the tables are created side by side, not one after another.
    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(registrations.Select(r => r.Name).Distinct(StringComparer.Ordinal)
            .Select(name => tables.GetTable(name).CreateIfNotExistsAsync(cancellationToken)));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class TableStorageServiceCollectionExtensions
{
    /// <summary>The table service client, the provider and the start-up initializer.</summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TableStorageOptions>()
            .Bind(configuration.GetSection(TableStorageOptions.SectionName))
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString) || o.TableServiceUri is not null,
                "Storage:ConnectionString (STORAGE__CONNECTIONSTRING) or Storage:TableServiceUri (STORAGE__TABLESERVICEURI) must be set.")
            .Validate(o => o.TablePrefix.All(char.IsAsciiLetterOrDigit),
                "Storage:TablePrefix may hold only letters and digits.")
            .Validate(o => o.NetworkTimeout > TimeSpan.Zero && o.NetworkTimeout <= TimeSpan.FromSeconds(30),
                "Storage:NetworkTimeout (STORAGE__NETWORKTIMEOUT) must be between 0 and 30 seconds.")
            .Validate(o => o.MaxRetries is >= 0 and <= 5,
                "Storage:MaxRetries (STORAGE__MAXRETRIES) must be between 0 and 5.")
            .ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TableStorageOptions>>().Value;
            var clientOptions = new TableClientOptions();
            clientOptions.Retry.Mode = Azure.Core.RetryMode.Exponential;
            clientOptions.Retry.MaxRetries = o.MaxRetries;
            clientOptions.Retry.NetworkTimeout = o.NetworkTimeout;
            clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(200);
            clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
            if (!string.IsNullOrWhiteSpace(o.ConnectionString))
            {
                return new TableServiceClient(o.ConnectionString, clientOptions);
            }

            var credential = string.IsNullOrWhiteSpace(o.ManagedIdentityClientId)
                ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ManagedIdentityClientId));
            return new TableServiceClient(o.TableServiceUri!, credential, clientOptions);
        });
        services.TryAddSingleton<TableProvider>();
        services.AddHostedService<TableInitializer>();
        return services;
    }

    /// <summary>Declares a table a store uses, so it is created at start-up.</summary>
    public static IServiceCollection AddTable(this IServiceCollection services, string name)
    {
        services.AddSingleton(new TableRegistration(name));
        return services;
    }
}
