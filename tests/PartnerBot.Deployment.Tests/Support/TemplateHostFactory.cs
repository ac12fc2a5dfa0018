using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PartnerBot.PackageBuilder;
using PartnerBot.Web.Hosting;

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

    /// <summary>
    /// Runs the app's start-up validation on the same composition and settings without starting a server, and
    /// throws what it throws. A failing start through the factory races with the entry point's own thread and
    /// can surface as an ObjectDisposedException instead of the validation error; this cannot.
    /// </summary>
    public static void Validate(IReadOnlyDictionary<string, string> appSettings)
    {
        ArgumentNullException.ThrowIfNull(appSettings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = appSettings.GetValueOrDefault("ASPNETCORE_ENVIRONMENT", "Production"),
            ContentRootPath = Path.Combine(RepoLayout.Find().Root, "src", "PartnerBot.Web"),
        });
        var shipped = builder.Configuration.Sources.OfType<JsonConfigurationSource>().Where(s => s.Path == "appsettings.json").ToList();
        builder.Configuration.Sources.Clear();
        foreach (var source in shipped)
        {
            builder.Configuration.Sources.Add(source);
        }

        builder.Configuration.AddInMemoryCollection(appSettings
            .Where(s => s.Key != "ASPNETCORE_ENVIRONMENT")
            .Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)));
        builder.AddPartnerBot();
        using var app = builder.Build();
        app.Services.GetRequiredService<IStartupValidator>().Validate();
    }

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
