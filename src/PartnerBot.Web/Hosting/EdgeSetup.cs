using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Web.FollowThrough.Handlers;
using PartnerBot.Web.PartnerPage;

namespace PartnerBot.Web.Hosting;

/// <summary>
/// The edge every request crosses first: the client's address from trusted front ends only, rate limits
/// (see <see cref="EdgeRateLimitOptions"/>), and the security headers on every response.
/// </summary>
public static partial class EdgeSetup
{
    /// <summary>For HTML: nothing but the app's own style sheets, no script at all, never inside a frame.</summary>
    public const string HtmlContentSecurityPolicy = HtmlPolicy + "; form-action 'none'";

    /// <summary>For the partner page: the HTML policy, except that its form may post back to the app itself.</summary>
    public const string PartnerPageContentSecurityPolicy = HtmlPolicy + "; form-action 'self'";

    private const string HtmlPolicy = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>For JSON, CSV and text: a browser that renders one anyway may load nothing and frame nothing.</summary>
    public const string DataContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    private const string MessagesPath = "/api/messages";

    public static WebApplicationBuilder AddPartnerBotEdge(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<EdgeRateLimitOptions>()
            .BindConfiguration(EdgeRateLimitOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<EdgeProxyOptions>()
            .BindConfiguration(EdgeProxyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<EdgeProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // One front end: the address it appends is the only one in X-Forwarded-For it vouches for.
            forwarded.ForwardLimit = 1;
            foreach (var proxy in proxies.Value.Proxies())
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in proxies.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

        services.AddSingleton<TenantActivityLimiter>();
        services.AddSingleton<IInboundActivityLimiter>(sp => sp.GetRequiredService<TenantActivityLimiter>());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<EdgeRateLimitOptions>>((limiter, limits) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = CreateLimiter(limits.Value);
            limiter.OnRejected = OnRejectedAsync;
        });

        // azurewebsites.net is not ours, so no includeSubDomains or preload.
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    public static WebApplication UsePartnerBotEdge(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Development mode (no app id) accepts only callers on this machine, and tells a tunnel by its forwarding headers
        // (see LocalCallers); the middleware would consume them, so there they stay as they came. A request with no
        // remote address (an in-process server) has no front end to trust.
        app.UseWhen(
            http => http.Connection.RemoteIpAddress is not null
                && !http.RequestServices.GetRequiredService<IOptions<BotOptions>>().Value.IsDevelopmentMode,
            branch => branch.UseForwardedHeaders());

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use(AddSecurityHeaders);
        app.UseRateLimiter();
        return app;
    }

    private static Task AddSecurityHeaders(HttpContext http, RequestDelegate next)
    {
        // When the response starts, so an error page written later (the exception handler clears headers) has them too.
        http.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var response = context.Response;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.ContentSecurityPolicy = !IsHtml(response.ContentType) ? DataContentSecurityPolicy
                : IsPartnerPage(context) ? PartnerPageContentSecurityPolicy
                : HtmlContentSecurityPolicy;
            return Task.CompletedTask;
        }, http);
        return next(http);
    }

    private static bool IsHtml(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The limits that need no identity, chained: a request is let through only when every one that covers it has room.
    /// A window's permits are spent even when a later limit refuses, so the per-client limits come first: a client over
    /// its own limit spends nothing of everyone's. Other paths (health) are not limited here.
    /// </summary>
    private static PartitionedRateLimiter<HttpContext> CreateLimiter(EdgeRateLimitOptions limits) => PartitionedRateLimiter.CreateChained(
        Limit(http => IsMessages(http) ? "messages " + ClientKey(http) : null, limits.MessagesPerClient, limits.Window),
        Limit(http => IsMessages(http) ? "messages" : null, limits.Messages, limits.Window),
        Limit(http => IsExport(http) ? "export " + ClientKey(http) : null, limits.ExportsPerClient, limits.Window),
        Limit(ExportLinkKey, limits.ExportsPerLink, limits.Window),
        Limit(http => IsPartnerPage(http) ? "partner " + ClientKey(http) : null, limits.PartnerPagePerClient, limits.Window),
        Limit(PartnerLinkKey, limits.PartnerPagePerLink, limits.Window));

    private static PartitionedRateLimiter<HttpContext> Limit(Func<HttpContext, string?> partition, int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => partition(http) is { } key
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 })
            : RateLimitPartition.GetNoLimiter(""));

    private static bool IsMessages(HttpContext http) => http.Request.Path.StartsWithSegments(MessagesPath, StringComparison.OrdinalIgnoreCase);

    private static bool IsExport(HttpContext http) => ExportKindOf(http) is not null;

    /// <summary>Which export page a request is for (the pipeline's CSV, the workspace's zip), or null for any other path.</summary>
    private static ExportKind? ExportKindOf(HttpContext http) =>
        http.Request.Path.StartsWithSegments(ExportEndpoint.Path, StringComparison.OrdinalIgnoreCase) ? ExportKind.Pipeline
        : http.Request.Path.StartsWithSegments(WorkspaceExportEndpoint.Path, StringComparison.OrdinalIgnoreCase) ? ExportKind.Workspace
        : null;

    /// <summary>
    /// A valid link's own partition. Invalid or expired tokens get none: the page refuses them at once, and the
    /// per-client limit still counts them, so random tokens cannot fill memory with partitions.
    /// </summary>
    private static string? ExportLinkKey(HttpContext http)
    {
        if (ExportKindOf(http) is not { } kind)
        {
            return null;
        }

        var token = http.Request.Query["token"].ToString();
        return http.RequestServices.GetService<ExportLinks>()?.Check(token, kind).Status == ExportLinkStatus.Valid ? "link " + token : null;
    }

    private static bool IsPartnerPage(HttpContext http) => http.Request.Path.StartsWithSegments(PartnerPageEndpoint.Path, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A valid partner link's own partition, by the token in the address (the form posts back to the same address).
    /// Invalid and expired tokens get none, as for exports: the per-client limit counts them.
    /// </summary>
    private static string? PartnerLinkKey(HttpContext http)
    {
        if (!IsPartnerPage(http))
        {
            return null;
        }

        var token = http.Request.Query["token"].ToString();
        return http.RequestServices.GetService<PartnerLinks>()?.Check(token).Status == PartnerLinkStatus.Valid ? "partner link " + token : null;
    }

    /// <summary>The client's address (after trusted forwarding); an IPv6 client by its /64, which one host usually holds whole.</summary>
    internal static string ClientKey(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "-";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? retryAfter
            : http.RequestServices.GetRequiredService<IOptions<EdgeRateLimitOptions>>().Value.Window;
        var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.CacheControl = "no-store";
        LogLimited(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EdgeSetup)), http.Request.Path, ClientKey(http));

        if (IsPartnerPage(http))
        {
            // A partner's browser: a short page in the page's own style.
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(
                PartnerPageHtml.Message(
                    "Too many requests",
                    $"This page was asked for too often just now. Nothing was saved from this request. Please try again in {seconds.ToString(CultureInfo.InvariantCulture)} seconds."),
                cancellationToken);
            return;
        }

        if (IsExport(http))
        {
            // A person's browser: a sentence, not a document.
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(
                $"Too many requests for this export. Try again in {seconds.ToString(CultureInfo.InvariantCulture)} seconds.", cancellationToken);
            return;
        }

        // The messaging endpoint's own error shape.
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(
            http.Response.Body,
            new { error = new { code = "429", message = "Too many requests; retry later." } },
            JsonSerializerOptions.Web,
            cancellationToken);
    }

    // Debug: a flood would otherwise flood the log too; ASP.NET Core counts rejections in aspnetcore.rate_limiting.requests.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused a request to {Path} from {Client}: over the rate limit")]
    private static partial void LogLimited(ILogger logger, string path, string client);
}
