using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Auth;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Edge;

/// <summary>What one request through the edge got back.</summary>
public sealed record EdgeResponse(HttpStatusCode Status, IHeaderDictionary Headers, string Body)
{
    /// <summary>Retry-After in whole seconds; fails the test when it is missing or not a number.</summary>
    public int RetryAfterSeconds =>
        int.TryParse(Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : throw new Xunit.Sdk.XunitException($"Retry-After is '{Headers.RetryAfter}', not a number of seconds.");
}

/// <summary>
/// Requests as they reach the app over the network: from a given client address (the in-process server has none of
/// its own), with whatever headers a caller chooses to send.
/// </summary>
internal static class EdgeRequests
{
    public const string AppId = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f";
    public const string BotTenant = "0c4e8a1b-2d3f-4a5b-8c9d-e0f1a2b3c4d5";

    /// <summary>Production with an app id: tokens are checked, with keys from <paramref name="issuer"/>.</summary>
    public static Task<PartnerBotFactory> StartAuthenticatedAsync(TestTokenIssuer issuer, IReadOnlyDictionary<string, string> settings) =>
        PartnerBotFactory.CreateAsync(o =>
        {
            o.Environment = "Production";
            o.Settings["Bot:AppId"] = AppId;
            o.Settings["Bot:AppType"] = "SingleTenant";
            o.Settings["Bot:TenantId"] = BotTenant;
            o.Settings["Bot:AppPassword"] = "not-used-in-these-tests";
            o.Settings["Bot:OpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl;
            o.Settings["Bot:EntraOpenIdMetadataUrl"] = TestTokenIssuer.MetadataUrl;
            Apply(o, settings);
            o.ConfigureServices = services =>
                services.AddHttpClient(BotHttpClients.OpenIdMetadata).ConfigurePrimaryHttpMessageHandler(() => issuer.Handler);
        });

    /// <summary>Limits no test reaches unless it sets them lower, with a window no test outlives, so only the burst counts.</summary>
    public static Dictionary<string, string> Limits(params (string Key, int Value)[] lower)
    {
        var settings = new Dictionary<string, string>
        {
            ["Edge:RateLimits:WindowSeconds"] = "3600",
            ["Edge:RateLimits:Messages"] = "1000",
            ["Edge:RateLimits:MessagesPerClient"] = "1000",
            ["Edge:RateLimits:MessagesPerTenant"] = "1000",
            ["Edge:RateLimits:ExportsPerLink"] = "1000",
            ["Edge:RateLimits:ExportsPerClient"] = "1000",
        };
        foreach (var (key, value) in lower)
        {
            settings["Edge:RateLimits:" + key] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public static void Apply(PartnerBotFactoryOptions options, IReadOnlyDictionary<string, string> settings)
    {
        foreach (var (key, value) in settings)
        {
            options.Settings[key] = value;
        }
    }

    /// <summary>One request from <paramref name="client"/>, over <paramref name="scheme"/>, with these headers.</summary>
    public static async Task<EdgeResponse> SendAsync(
        PartnerBotFactory factory,
        string method,
        string pathAndQuery,
        IPAddress? client,
        IReadOnlyDictionary<string, string>? headers = null,
        string? json = null,
        string scheme = "http")
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var context = await factory.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = client;
            http.Request.Method = method;
            http.Request.Scheme = scheme;
            http.Request.Host = new HostString("partnerbot.example");
            http.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
            http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                http.Request.Headers[name] = value;
            }

            if (json is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(json);
                http.Request.ContentType = "application/json";
                http.Request.ContentLength = bytes.Length;
                http.Request.Body = new MemoryStream(bytes);
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return new EdgeResponse((HttpStatusCode)context.Response.StatusCode, context.Response.Headers, await reader.ReadToEndAsync());
    }

    /// <summary>A POST to /api/messages with no token: the edge's limits count it, then the endpoint refuses it.</summary>
    public static Task<EdgeResponse> PostUnauthenticatedAsync(PartnerBotFactory factory, IPAddress client, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync(factory, "POST", "/api/messages", client, headers, json: "{}");

    public static string Json(Activity activity) => JsonSerializer.Serialize(activity, ProtocolJson.Options);
}
