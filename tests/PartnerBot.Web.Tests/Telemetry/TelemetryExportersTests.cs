using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using PartnerBot.Web.Hosting;

namespace PartnerBot.Web.Tests.Telemetry;

public sealed class TelemetryExportersTests
{
    [Fact]
    public void NothingSet_ExportsNowhere()
    {
        var exporters = TelemetryExporters.From(Config());

        Assert.False(exporters.ToApplicationInsights);
        Assert.False(exporters.ToOtlp);
    }

    [Fact]
    public void TheStandardVariables_AreEnough()
    {
        var exporters = TelemetryExporters.From(Config(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=abc"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector.example:4318"),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")));

        Assert.Equal("InstrumentationKey=abc", exporters.ApplicationInsightsConnectionString);
        Assert.Equal(new Uri("https://collector.example:4318"), exporters.OtlpEndpoint);
        Assert.Equal(OtlpExportProtocol.HttpProtobuf, exporters.OtlpProtocol);
    }

    [Fact]
    public void TheTelemetrySection_WinsOverTheStandardVariables_AndBlankIsUnset()
    {
        var exporters = TelemetryExporters.From(Config(
            ("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=from-env"),
            ("Telemetry:ApplicationInsightsConnectionString", "InstrumentationKey=from-settings"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4317"),
            ("Telemetry:OtlpEndpoint", "  ")));

        Assert.Equal("InstrumentationKey=from-settings", exporters.ApplicationInsightsConnectionString);
        Assert.Equal(new Uri("http://env:4317"), exporters.OtlpEndpoint);
        Assert.Equal(OtlpExportProtocol.Grpc, exporters.OtlpProtocol);
    }

    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "collector:4317", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:OtlpEndpoint", "ftp://collector", "Telemetry:OtlpEndpoint")]
    [InlineData("Telemetry:OtlpProtocol", "thrift", "Telemetry:OtlpProtocol")]
    public void ABadSetting_IsRefusedByName(string key, string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TelemetryExporters.From(Config((key, value))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
}
