using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Protocol.Bots;
using PartnerBot.Protocol.Connector;
using PartnerBot.Testing.Transcripts;
using PartnerBot.Web.Hosting;

namespace PartnerBot.Testing.Hosting;

/// <summary>How a <see cref="PartnerBotFactory"/> builds the app.</summary>
public sealed class PartnerBotFactoryOptions
{
    /// <summary>Development by default: no app id, loopback callers accepted, playground on.</summary>
    public string Environment { get; set; } = "Development";

    /// <summary>Null gives a fresh prefix, i.e. empty tables. Pass an earlier factory's prefix to see its data.</summary>
    public string? TablePrefix { get; set; }

    /// <summary>Configuration that overrides appsettings, e.g. <c>["Chat:MaxTextLength"] = "10"</c>.</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces or adds services after the app's own registrations.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Swap the real connector for a <see cref="RecordingConnectorClient"/> (default). Off, replies really go out.</summary>
    public bool RecordConnector { get; set; } = true;

    /// <summary>Run on Kestrel at this port (0 = any free one) instead of the in-memory test server, so a browser can reach it.</summary>
    public int? KestrelPort { get; set; }

    internal PartnerBotFactoryOptions CopyWithPrefix(string prefix)
    {
        var copy = new PartnerBotFactoryOptions
        {
            Environment = Environment,
            TablePrefix = prefix,
            ConfigureServices = ConfigureServices,
            RecordConnector = RecordConnector,
            KestrelPort = KestrelPort,
        };
        foreach (var (key, value) in Settings)
        {
            copy.Settings[key] = value;
        }

        return copy;
    }
}

/// <summary>
/// The real app over Azurite, with a recording connector. Each factory gets its own table prefix, so
/// tests never see each other's data; a new factory over the same prefix is a restart.
/// </summary>
public sealed class PartnerBotFactory : WebApplicationFactory<Program>
{
    private readonly PartnerBotFactoryOptions options;
    private HttpClient? client;

    private PartnerBotFactory(string connectionString, PartnerBotFactoryOptions options)
    {
        ConnectionString = connectionString;
        this.options = options;
        TablePrefix = options.TablePrefix ?? "t" + Guid.NewGuid().ToString("N")[..12];
        if (options.KestrelPort is { } port)
        {
            UseKestrel(port);
        }
    }

    public string ConnectionString { get; }

    public string TablePrefix { get; }

    /// <summary>What the bot sent. Throws when <see cref="PartnerBotFactoryOptions.RecordConnector"/> is off.</summary>
    public RecordingConnectorClient Connector => Services.GetRequiredService<RecordingConnectorClient>();

    public TurnTracker Turns => Services.GetRequiredService<TurnTracker>();

    /// <summary>One client for the factory's lifetime; it posts as a loopback caller.</summary>
    public HttpClient Http => client ??= CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public static async Task<PartnerBotFactory> CreateAsync(Action<PartnerBotFactoryOptions>? configure = null)
    {
        var options = new PartnerBotFactoryOptions();
        configure?.Invoke(options);
        return new PartnerBotFactory(await AzuriteServer.GetConnectionStringAsync(), options);
    }

    /// <summary>
    /// Starts the app as <c>Program.cs</c> does (on a free loopback port, with these options) and returns why it would
    /// not start, or null when it did (it is then stopped). A failed start inside <see cref="WebApplicationFactory{T}"/>
    /// can surface as "Cannot access a disposed object" instead of its cause, by a race in the factory's host wrapper,
    /// so tests of start-up refusals use this.
    /// </summary>
    public static async Task<Exception?> StartupErrorAsync(Action<PartnerBotFactoryOptions>? configure = null)
    {
        var options = new PartnerBotFactoryOptions();
        configure?.Invoke(options);
        var connection = await AzuriteServer.GetConnectionStringAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = options.Environment,
            ContentRootPath = RepoPaths.Combine("src", "PartnerBot.Web"),
        });
        var settings = Settings(options, connection, options.TablePrefix ?? "t" + Guid.NewGuid().ToString("N")[..12]);
        settings.TryAdd("FollowThrough:RunBackgroundService", "false");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddPartnerBot();
        options.ConfigureServices?.Invoke(builder.Services);
        try
        {
            await using var app = builder.Build();
            app.MapPartnerBot();
            await app.StartAsync();
            await app.StopAsync();
            return null;
        }
#pragma warning disable CA1031 // The caller asserts on whatever stopped the start.
        catch (Exception error)
#pragma warning restore CA1031
        {
            return error;
        }
    }

    /// <summary>A new app over the same tables and settings, as after a process restart. This factory is disposed.</summary>
    public async Task<PartnerBotFactory> RestartAsync()
    {
        var restarted = new PartnerBotFactory(ConnectionString, options.CopyWithPrefix(TablePrefix));
        await DisposeAsync();
        return restarted;
    }

    /// <summary>A 1:1 conversation with the bot, as a new person. A null tenant is a fresh one.</summary>
    public Transcript Transcript(string user = "Ada", string? tenant = null) =>
        new(this, TranscriptIdentity.Create(user, tenant ?? "tenant-" + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>The same person and conversation again, e.g. after <see cref="RestartAsync"/>.</summary>
    public Transcript Transcript(TranscriptIdentity identity) => new(this, identity);

    /// <summary>The app's settings: these tables, then the test's own settings over them.</summary>
    private static Dictionary<string, string?> Settings(PartnerBotFactoryOptions options, string connectionString, string tablePrefix)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:TablePrefix"] = tablePrefix,
        };
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(options.Environment);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(Settings(options, ConnectionString, TablePrefix)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TurnTracker>();
            Decorate<IBot>(services, (sp, bot) => new TrackingBot(bot, sp.GetRequiredService<TurnTracker>(), sp.GetService<RecordingConnectorClient>()));
            if (options.RecordConnector)
            {
                var real = services.LastOrDefault(d => d.ServiceType == typeof(IConnectorClient));
                services.RemoveAll<IConnectorClient>();
                services.AddSingleton(sp => new RecordingConnectorClient(real is null ? null : (IConnectorClient)Create(sp, real)));
                services.AddSingleton<IConnectorClient>(sp => sp.GetRequiredService<RecordingConnectorClient>());
            }

            options.ConfigureServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            client?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Wraps the last registration of <typeparamref name="T"/>, keeping its lifetime.</summary>
    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> wrap)
        where T : class
    {
        var inner = services.LastOrDefault(d => d.ServiceType == typeof(T))
            ?? throw new InvalidOperationException($"The app registers no {typeof(T).Name} to wrap.");
        services.Remove(inner);
        services.Add(new ServiceDescriptor(typeof(T), sp => wrap(sp, (T)Create(sp, inner)), inner.Lifetime));
    }

    private static object Create(IServiceProvider sp, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(sp)
        ?? ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
}
