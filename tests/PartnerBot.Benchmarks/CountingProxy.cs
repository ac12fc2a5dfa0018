using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using PartnerBot.Testing;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Counts the bot's table transactions from outside its process: every Table service request (a batch is one)
/// passes through here on its way to Azurite. Used for a counting pass only, so the timed runs pay no hop.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Keep-Alive", "Content-Length", "Content-Type",
    };

    private readonly WebApplication app;
    private readonly HttpClient client = new();
    private long requests;

    private CountingProxy(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public long Requests => Interlocked.Read(ref requests);

    public static async Task<CountingProxy> StartAsync(int azuritePort)
    {
        var port = AzuriteServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new CountingProxy(app, port);
        app.Run(context => proxy.ForwardAsync(context, azuritePort));
        await app.StartAsync();
        return proxy;
    }

    public void Reset() => Interlocked.Exchange(ref requests, 0);

    private async Task ForwardAsync(HttpContext context, int azuritePort)
    {
        Interlocked.Increment(ref requests);
        // The raw target, not Request.Path: that one is decoded, and a key KeyEncoder escaped (digest|tenant/…) would
        // reach Azurite as a different key or a broken path.
        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var target = new Uri($"http://127.0.0.1:{azuritePort}{raw}");
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        if (body.Length > 0 || context.Request.ContentLength is not null)
        {
            body.Position = 0;
            request.Content = new StreamContent(body);
            if (context.Request.ContentType is { } type)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
            }
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopHeaders.Contains(name))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name) || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        client.Dispose();
    }
}
