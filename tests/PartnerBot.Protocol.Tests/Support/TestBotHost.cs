using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Protocol.Bots;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Tests.Support;

/// <summary>
/// The protocol endpoints in an in-memory server (or on Kestrel, given a listen URL), with a given bot and settings. A request header
/// <c>X-Test-Remote-Ip</c> sets the caller's address, so loopback rules can be tested.
/// </summary>
public sealed class TestBotHost : IAsyncDisposable
{
    public const string RemoteIpHeader = "X-Test-Remote-Ip";

    private readonly WebApplication app;

    private TestBotHost(WebApplication app, Uri? kestrelAddress)
    {
        this.app = app;
        Client = kestrelAddress is null ? app.GetTestClient() : new HttpClient { BaseAddress = kestrelAddress };
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<TestBotHost> StartAsync(
        IBot bot,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null,
        string? listenUrl = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (listenUrl is null)
        {
            builder.WebHost.UseTestServer();
        }
        else
        {
            // A real listener, for rules that depend on where the server listens; requests still come from loopback.
            builder.WebHost.UseUrls(listenUrl);
        }

        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddBotFrameworkProtocol(builder.Configuration);
        builder.Services.AddSingleton(bot);
        configure?.Invoke(builder.Services);

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(RemoteIpHeader, out var ip))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
            }

            return next(context);
        });
        app.MapBotMessages();
        await app.StartAsync();
        var address = listenUrl is null
            ? null
            : new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new TestBotHost(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
