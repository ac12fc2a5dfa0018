using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Auth;
using PartnerBot.Testing.FakeConnector;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;
using PartnerBot.Web.Hosting;
using Activity = System.Diagnostics.Activity;

namespace PartnerBot.Web.Tests.Telemetry;

/// <summary>
/// Meters and activity sources are process-wide, so these tests run alone: a count is then this test's own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

/// <summary>
/// The app's own OpenTelemetry setup with in-memory exporters: one turn over real Azurite and the real connector client
/// (against the fake Bot Connector) is one trace, its log lines carry the turn's scope, and no message text or name
/// reaches any of it; the product counters count what happened.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OneTurn_IsOneTrace_StorageAndConnectorSpansUnderTheRequest_LogLinesInTheTurnScope_NoTextAnywhere()
    {
        const string secretText = "quokka-marmalade-7319 help";
        const string secretName = "Zephyrine Quillfeather";
        var capture = new TelemetryCapture();
        await using var connector = await FakeConnectorServer.StartAsync();
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.RecordConnector = false;
            // The HttpClient's own lines (Information) are lines of the turn too.
            o.Settings["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information";
            o.ConfigureServices = capture.AddTo;
        });
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var t = factory.Transcript(TranscriptIdentity.Create(secretName, tenant) with { ServiceUrl = connector.ServiceUrlFor(tenant) });
        var message = t.Message(secretText);

        await t.SendActivity(message);

        var turn = await capture.SpanAsync(s => s.Source.Name == ProtocolTelemetry.ActivitySourceName && Tag(s, ProtocolTelemetry.ActivityIdTag) == message.Id, Bound);
        var request = await capture.SpanAsync(s => s.SpanId == turn.ParentSpanId, Bound);
        Assert.Single(connector.Received, r => r.ConversationId == t.Identity.ConversationId);

        // The request's server span is the root of the turn, and carries the turn's fields as the turn span does.
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal("POST /api/messages", request.DisplayName);
        Assert.Equal(turn.TraceId, request.TraceId);
        foreach (var span in new[] { request, turn })
        {
            Assert.Equal("message", Tag(span, ProtocolTelemetry.ActivityTypeTag));
            Assert.Equal(message.Id, Tag(span, ProtocolTelemetry.ActivityIdTag));
            Assert.Equal(tenant, Tag(span, ProtocolTelemetry.TenantIdTag));
            Assert.Equal("personal", Tag(span, ProtocolTelemetry.ConversationKindTag));
        }

        var trace = capture.Spans.Where(s => s.TraceId == turn.TraceId).ToList();
        var storage = trace.Where(s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(storage);
        Assert.All(storage, s => Assert.Contains(request, Ancestors(s, trace)));
        Assert.Contains(storage, s => Ancestors(s, trace).Contains(turn));
        Assert.Contains(storage, s => s.DisplayName.StartsWith("TableClient.", StringComparison.Ordinal));
        // The Azure SDK's own span per storage request, not a second one from HttpClient beneath it.
        Assert.DoesNotContain(trace, s => s.Source.Name == "System.Net.Http" && Ancestors(s, trace).Any(a => a.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)));

        var toConnector = trace.Where(s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http"
            && Tag(s, "server.port") == connector.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.NotEmpty(toConnector);
        Assert.All(toConnector, s => Assert.Contains(turn, Ancestors(s, trace)));
        Assert.Contains(toConnector, s => Tag(s, "http.request.method") == "POST" && Tag(s, "http.response.status_code") == "200");

        // Every log line of the turn carries its scope.
        var lines = capture.Logs.Where(l => l.TraceId == turn.TraceId).ToList();
        Assert.Contains(lines, l => l.Category?.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) == true);
        Assert.All(lines, l =>
        {
            Assert.Equal("message", l.Scope("ActivityType"));
            Assert.Equal(message.Id, l.Scope("ActivityId"));
            Assert.Equal(tenant, l.Scope("TenantId"));
            Assert.Equal("personal", l.Scope("ConversationKind"));
        });

        // Neither the message's text nor the person's name is in any span, tag, log line, attribute or scope.
        var exported = capture.Spans.SelectMany(s => s.TagObjects.Select(tag => tag.Value?.ToString()).Append(s.DisplayName).Append(s.StatusDescription))
            .Concat(capture.Logs.SelectMany(l => l.Attributes.Concat(l.Scopes).Select(a => a.Value?.ToString()).Append(l.Message)))
            .Where(v => v is not null)
            .ToList();
        Assert.NotEmpty(exported);
        Assert.DoesNotContain(exported, v => v!.Contains("quokka-marmalade", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(exported, v => v!.Contains("Quillfeather", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ATurn_CountsOneAnsweredTurn_AndARefusal_OneRefusedTurn()
    {
        var capture = new TelemetryCapture();
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["Chat:MaxTextLength"] = "50";
            o.ConfigureServices = capture.AddTo;
        });
        var t = factory.Transcript();

        await t.Send("help");

        Assert.NotEmpty(t.Replies);
        Assert.Equal(1, capture.Counter(factory.Services, "partnerbot.turns", ("outcome", "answered"), ("activity.type", "message")));
        Assert.Equal(0, capture.Counter(factory.Services, "partnerbot.turns", ("outcome", "refused")));

        await t.Send(new string('x', 51));

        Assert.Equal(1, capture.Counter(factory.Services, "partnerbot.turns", ("outcome", "refused"), ("activity.type", "message")));
        Assert.Equal(1, capture.Counter(factory.Services, "partnerbot.turns", ("outcome", "answered")));
    }

    [Fact]
    public async Task AConnectorRetry_IsCountedWithItsStatus_AndBothAttemptsAreSpansOfTheTurn()
    {
        var capture = new TelemetryCapture();
        await using var connector = await FakeConnectorServer.StartAsync();
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.RecordConnector = false;
            o.Settings["Bot:ConnectorRetryBaseDelay"] = "00:00:00.010";
            o.ConfigureServices = capture.AddTo;
        });
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var t = factory.Transcript(TranscriptIdentity.Create("Ada", tenant) with { ServiceUrl = connector.ServiceUrlFor(tenant) });
        connector.FailTimes[t.Identity.ConversationId] = 1;
        var message = t.Message("help");

        await t.SendActivity(message);

        Assert.Single(connector.Received, r => r.ConversationId == t.Identity.ConversationId);
        Assert.Equal(1, capture.Counter(factory.Services, "partnerbot.connector.retries", ("reason", "503")));
        Assert.Equal(1, capture.Counter(factory.Services, "partnerbot.connector.retries"));
        Assert.Equal(0, capture.Counter(factory.Services, "partnerbot.connector.throttled"));
        var turn = await capture.SpanAsync(s => s.Source.Name == ProtocolTelemetry.ActivitySourceName && Tag(s, ProtocolTelemetry.ActivityIdTag) == message.Id, Bound);
        var posts = capture.Spans.Where(s => s.ParentSpanId == turn.SpanId && s.Source.Name == "System.Net.Http" && Tag(s, "http.request.method") == "POST").ToList();
        Assert.Equal(["503", "200"], posts.OrderBy(s => s.StartTimeUtc).Select(s => Tag(s, "http.response.status_code")));
    }

    [Fact]
    public async Task ForgedToken_Counts401WithItsReason_AndAMissingTokenWithAnother()
    {
        const string appId = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f";
        using var issuer = new TestTokenIssuer(appId, "msteams");
        var capture = new TelemetryCapture();
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["Bot:AppId"] = appId;
            o.Settings["Bot:AppType"] = "SingleTenant";
            o.Settings["Bot:TenantId"] = "0c4e8a1b-2d3f-4a5b-8c9d-e0f1a2b3c4d5";
            o.Settings["Bot:AppPassword"] = "not-used-in-these-tests";
            o.Settings["Bot:OpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl;
            o.Settings["Bot:EntraOpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl;
            o.ConfigureServices = services =>
            {
                services.AddHttpClient(BotHttpClients.OpenIdMetadata).ConfigurePrimaryHttpMessageHandler(() => issuer.Handler);
                capture.AddTo(services);
            };
        });
        var t = factory.Transcript(TranscriptIdentity.Create("Mallory", "tenant-" + Guid.NewGuid().ToString("N")[..8]) with
        {
            ServiceUrl = "https://smba.trafficmanager.net/amer/",
        });

        using var forged = await PostAsync(factory, t.Message("help"), issuer.CreateTokenWithBadSignature(t.Identity.ServiceUrl));
        using var missing = await PostAsync(factory, t.Message("help"), token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(1, capture.Counter(factory.Services, "partnerbot.inbound.unauthorized", ("reason", "bad_signature")));
        Assert.Equal(1, capture.Counter(factory.Services, "partnerbot.inbound.unauthorized", ("reason", "no_bearer_token")));
        Assert.Equal(2, capture.Counter(factory.Services, "partnerbot.inbound.unauthorized"));
        Assert.Equal(0, capture.Counter(factory.Services, "partnerbot.turns"));
    }

    [Fact]
    public async Task NoExporterConfigured_TheAppStartsAndAnswers_AndTheTelemetrySdkReportsNoProblem()
    {
        using var sdkEvents = new SdkProblems();
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "";
            o.Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        });
        var t = factory.Transcript();

        await t.Send("help");
        using var health = await factory.Http.GetAsync("/health");

        var exporters = factory.Services.GetRequiredService<TelemetryExporters>();
        Assert.False(exporters.ToApplicationInsights);
        Assert.False(exporters.ToOtlp);
        Assert.NotEmpty(t.Replies);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(sdkEvents.Problems.Count == 0, string.Join("\n", sdkEvents.Problems));
    }

    [Fact]
    public async Task BothExportersConfigured_TheAppStartsAndStops_WhetherOrNotAnythingListens()
    {
        TelemetryExporters? registered = null;

        var error = await PartnerBotFactory.StartupErrorAsync(o =>
        {
            o.Settings["Telemetry:ApplicationInsightsConnectionString"] = "InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
            o.Settings["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9";
            o.Settings["Telemetry:OtlpProtocol"] = "http/protobuf";
            o.ConfigureServices = services => registered = services
                .Select(d => d.ImplementationInstance).OfType<TelemetryExporters>().Single();
        });

        Assert.Null(error);
        Assert.NotNull(registered);
        Assert.True(registered.ToApplicationInsights);
        Assert.True(registered.ToOtlp);
        Assert.Equal(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, registered.OtlpProtocol);
    }

    [Fact]
    public async Task AnOtlpEndpointThatIsNoUrl_StopsTheStart_SayingWhichSetting()
    {
        // Refused while the app is composed, before anything starts.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PartnerBotFactory.StartupErrorAsync(o => o.Settings["Telemetry:OtlpEndpoint"] = "collector:4317"));

        Assert.Contains("Telemetry:OtlpEndpoint", error.Message, StringComparison.Ordinal);
    }

    private static string? Tag(Activity span, string key) => span.GetTagItem(key) switch
    {
        null => null,
        var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The span's parents among the exported ones, nearest first.</summary>
    private static List<Activity> Ancestors(Activity span, IReadOnlyList<Activity> trace)
    {
        var chain = new List<Activity>();
        var parentId = span.ParentSpanId;
        while (parentId != default && trace.FirstOrDefault(s => s.SpanId == parentId) is { } parent && chain.Count < 100)
        {
            chain.Add(parent);
            parentId = parent.ParentSpanId;
        }

        return chain;
    }

    private static async Task<HttpResponseMessage> PostAsync(PartnerBotFactory factory, PartnerBot.Protocol.Activities.Activity activity, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = JsonContent.Create(activity, options: ProtocolJson.Options),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await factory.Http.SendAsync(request);
    }

    /// <summary>Warnings and errors the OpenTelemetry SDK reports about itself (it reports through EventSource, not ILogger).</summary>
    private sealed class SdkProblems : EventListener
    {
        private readonly List<string> problems = [];

        public IReadOnlyList<string> Problems
        {
            get
            {
                lock (problems)
                {
                    return [.. problems];
                }
            }
        }

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name.StartsWith("OpenTelemetry", StringComparison.Ordinal))
            {
                EnableEvents(eventSource, EventLevel.Warning);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            // The SDK notes every meter of the process it does not listen to (the runtime's own among them); not a problem.
            if (eventData.Level is EventLevel.Warning or EventLevel.Error or EventLevel.Critical
                && eventData.Payload?.Any(p => p is string s && s.Contains("not subscribed by this provider", StringComparison.Ordinal)) != true)
            {
                lock (problems)
                {
                    problems.Add($"{eventData.EventSource.Name}: {eventData.Message} {string.Join(", ", eventData.Payload ?? [])}");
                }
            }
        }
    }
}
