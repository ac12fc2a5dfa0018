using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PartnerBot.Deployment.Tests.Support;

/// <summary>
/// The real app in Production, configured the way App Service configures it: the shipped appsettings.json
/// plus the template's app settings and nothing else (no environment variables, no user secrets).
/// Hosted services are removed so nothing connects out; start-up option validation still runs.
/// </summary>
public sealed class TemplateHostFactory(IReadOnlyDictionary<string, string> appSettings) : WebApplicationFactory<Program>
{
    /// <summary>Starts the host. Throws what start-up validation throws.</summary>
    public IServiceProvider Start() => Services;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = appSettings
            .Where(s => s.Key != "ASPNETCORE_ENVIRONMENT")
            .ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value, StringComparer.OrdinalIgnoreCase);
        builder.UseEnvironment(appSettings.GetValueOrDefault("ASPNETCORE_ENVIRONMENT", "Production"));

        // Early as well as late: setup code may read a section while the builder is still being configured.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) =>
        {
            var shipped = config.Sources.OfType<JsonConfigurationSource>().Where(s => s.Path == "appsettings.json").ToList();
            config.Sources.Clear();
            foreach (var source in shipped)
            {
                config.Sources.Add(source);
            }

            config.AddInMemoryCollection(settings);
        });
        builder.ConfigureTestServices(services => services.RemoveAll<IHostedService>());
    }
}
