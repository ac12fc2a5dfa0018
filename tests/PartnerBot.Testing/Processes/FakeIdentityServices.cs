using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace PartnerBot.Testing.Processes;

/// <summary>
/// What a bot process talks to besides storage and the Bot Connector, on one local port: the channel's OpenID metadata
/// and signing keys (inbound tokens are checked against them), and a managed-identity token endpoint in the App Service
/// protocol Azure.Identity speaks (outbound calls carry its token). <see cref="BotEnvironment"/> gives the settings that
/// point a bot at it with authentication on.
/// </summary>
public sealed class FakeIdentityServices : IAsyncDisposable
{
    public const string AppId = "5f0c1a2e-0000-4000-8000-0000000c41d0";
    public const string TenantId = "7d2c4b7e-0000-4000-8000-0000000c41d0";
    public const string IdentityHeader = "test-identity-header";

    private readonly WebApplication app;
    private readonly RSA rsa = RSA.Create(2048);

    private FakeIdentityServices(WebApplication app)
    {
        this.app = app;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>How many managed-identity tokens were handed out.</summary>
    public int TokensIssued => tokensIssued;

    private int tokensIssued;

    public static async Task<FakeIdentityServices> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var services = new FakeIdentityServices(app);
        app.MapGet("/openid", () => Results.Text(services.MetadataJson(), "application/json"));
        app.MapGet("/keys", () => Results.Text(services.KeysJson(), "application/json"));
        app.MapGet("/msi/token", services.ManagedIdentityToken);
        await app.StartAsync();
        services.BaseUrl = app.Urls.First().TrimEnd('/');
        return services;
    }

    /// <summary>The settings a bot process needs to run with authentication on, against these services and the given storage.</summary>
    public Dictionary<string, string> BotEnvironment(string storage, string tablePrefix) => new(StringComparer.Ordinal)
    {
        // Development only so these services and the fake connector may be plain http on loopback; tokens are still checked.
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Storage__ConnectionString"] = storage,
        ["Storage__TablePrefix"] = tablePrefix,
        ["Bot__AppId"] = AppId,
        ["Bot__AppType"] = "UserAssignedMSI",
        ["Bot__TenantId"] = TenantId,
        ["Bot__ManagedIdentityClientId"] = AppId,
        ["Bot__OpenIdMetadataUrl"] = BaseUrl + "/openid",
        ["Bot__EntraOpenIdMetadataUrl"] = BaseUrl + "/openid",
        ["IDENTITY_ENDPOINT"] = BaseUrl + "/msi/token",
        ["IDENTITY_HEADER"] = IdentityHeader,
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        rsa.Dispose();
    }

    private string MetadataJson() => new JsonObject
    {
        ["issuer"] = "https://api.botframework.com",
        ["jwks_uri"] = BaseUrl + "/keys",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("RS256"),
    }.ToJsonString();

    private string KeysJson()
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = "test-key",
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                ["endorsements"] = new JsonArray("msteams"),
            }),
        }.ToJsonString();
    }

    private IResult ManagedIdentityToken(HttpRequest request)
    {
        if (request.Headers["X-IDENTITY-HEADER"] != IdentityHeader)
        {
            return Results.StatusCode(401);
        }

        Interlocked.Increment(ref tokensIssued);
        return Results.Json(new JsonObject
        {
            ["access_token"] = "test-outbound-token",
            ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = request.Query["resource"].ToString(),
            ["token_type"] = "Bearer",
            ["client_id"] = request.Query["client_id"].ToString(),
        });
    }
}
