using System.Diagnostics;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Hosting;

/// <summary>Where telemetry goes: Application Insights, an OTLP collector, both, or (neither set) nowhere.</summary>
/// <param name="ApplicationInsightsConnectionString"><c>Telemetry:ApplicationInsightsConnectionString</c>, else <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>.</param>
/// <param name="OtlpEndpoint"><c>Telemetry:OtlpEndpoint</c>, else <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</param>
/// <param name="OtlpProtocol"><c>Telemetry:OtlpProtocol</c> (<c>grpc</c>, the default, or <c>http/protobuf</c>), else <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</param>
public sealed record TelemetryExporters(string? ApplicationInsightsConnectionString, Uri? OtlpEndpoint, OtlpExportProtocol OtlpProtocol)
{
    public const string SectionName = "Telemetry";

    public bool ToApplicationInsights => ApplicationInsightsConnectionString is not null;

    public bool ToOtlp => OtlpEndpoint is not null;

    /// <summary>Reads the settings; an OTLP endpoint that is not an absolute http(s) URL stops the start with a clear message.</summary>
    public static TelemetryExporters From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var connectionString = Setting(section["ApplicationInsightsConnectionString"]) ?? Setting(configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        var endpoint = Setting(section["OtlpEndpoint"]) ?? Setting(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Uri? otlp = null;
        if (endpoint is not null
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out otlp) || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException($"Telemetry:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) must be an absolute http or https URL; '{endpoint}' is not.");
        }

        var protocol = (Setting(section["OtlpProtocol"]) ?? Setting(configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]))?.ToUpperInvariant() switch
        {
            null or "GRPC" => OtlpExportProtocol.Grpc,
            "HTTP/PROTOBUF" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"Telemetry:OtlpProtocol (or OTEL_EXPORTER_OTLP_PROTOCOL) must be 'grpc' or 'http/protobuf'; '{other}' is not."),
        };
        return new TelemetryExporters(connectionString, otlp, protocol);
    }

    private static string? Setting(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// OpenTelemetry traces, metrics and logs: incoming requests, outgoing HTTP (the Bot Connector, sign-in metadata), the
/// Azure SDK (Table Storage), the turn spans and the product's meters. Exported only where a setting says
/// (<see cref="TelemetryExporters"/>); with none, everything is collected in process and dropped, without a warning.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The Azure SDK's switch for its ActivitySource spans (also set in the runtime config, so it is on before any client exists).</summary>
    public const string AzureActivitySourceSwitch = "Azure.Experimental.EnableActivitySource";

    public static WebApplicationBuilder AddPartnerBotTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AppContext.SetSwitch(AzureActivitySourceSwitch, true);
        var exporters = TelemetryExporters.From(builder.Configuration);
        builder.Services.AddSingleton(exporters);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("PartnerBot"))
            .WithTracing(tracing => tracing
                .AddSource(ProtocolTelemetry.ActivitySourceName)
                .AddSource("Azure.*")
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = _ => !IsAzureSdkRequest(Activity.Current)))
            .WithMetrics(metrics => metrics
                .AddMeter(PartnerBotMetrics.MeterName, ProtocolTelemetry.MeterName, OutboxDispatcher.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: o =>
            {
                // The turn's scope (activity type and id, tenant, conversation kind) becomes fields of each line.
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });

        if (exporters.ApplicationInsightsConnectionString is { } connectionString)
        {
            telemetry.UseAzureMonitorExporter(o => o.ConnectionString = connectionString);
        }

        if (exporters.OtlpEndpoint is { } endpoint)
        {
            telemetry.UseOtlpExporter(exporters.OtlpProtocol, endpoint);
        }

        return builder;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/alive") || path.StartsWithSegments("/health");

    // The Azure SDK makes its own span for each request it sends; a second one from HttpClient would only repeat it.
    private static bool IsAzureSdkRequest(Activity? current)
    {
        for (var span = current; span is not null; span = span.Parent)
        {
            if (span.Source.Name.StartsWith("Azure.", StringComparison.Ordinal))
            {
                return true;
            }

            if (span.Source.Name == ProtocolTelemetry.ActivitySourceName || span.Kind == ActivityKind.Server)
            {
                return false;
            }
        }

        return false;
    }
}
