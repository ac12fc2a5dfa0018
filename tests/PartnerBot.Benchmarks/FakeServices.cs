using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PartnerBot.Testing;

namespace PartnerBot.Benchmarks;

/// <summary>
/// What the bot talks to besides storage and the Bot Connector, on one local port: the channel's OpenID metadata and
/// keys, and a managed-identity token endpoint (the App Service protocol Azure.Identity speaks). Replies and proactive
/// messages go to the shared <see cref="PartnerBot.Testing.FakeConnector.FakeConnectorServer"/>.
/// </summary>
internal sealed class FakeServices : IAsyncDisposable
{
    public const string IdentityHeader = "bench-identity-header";
    private readonly WebApplication app;

    private FakeServices(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static async Task<FakeServices> StartAsync(TokenIssuer issuer)
    {
        var port = AzuriteServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var services = new FakeServices(app, port);
        app.MapGet("/openid", () => Results.Text(issuer.MetadataJson(services.BaseUrl), "application/json"));
        app.MapGet("/keys", () => Results.Text(issuer.KeysJson(), "application/json"));
        app.MapGet("/msi/token", ManagedIdentityToken);
        await app.StartAsync();
        return services;
    }

    private static IResult ManagedIdentityToken(HttpRequest request)
    {
        if (request.Headers["X-IDENTITY-HEADER"] != IdentityHeader)
        {
            return Results.StatusCode(401);
        }

        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return Results.Json(new JsonObject
        {
            ["access_token"] = "bench-outbound-token",
            ["expires_on"] = expires.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["resource"] = request.Query["resource"].ToString(),
            ["token_type"] = "Bearer",
            ["client_id"] = request.Query["client_id"].ToString(),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
