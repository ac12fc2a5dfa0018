using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Tests.Auth;
using PartnerBot.Testing.Hosting;
using PartnerBot.Web.FollowThrough.Handlers;
using PartnerBot.Web.Hosting;

namespace PartnerBot.Web.Tests.Edge;

/// <summary>Every response carries the browser protections; HSTS only outside Development and only over HTTPS.</summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");
    private readonly TestTokenIssuer issuer = new(EdgeRequests.AppId, "msteams");

    [Fact]
    public async Task Health_Messages_AndTheExportPage_CarryTheSecurityHeaders()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var ana = app.Transcript("Ana");
        await ana.Send("help");
        var ws = WorkspaceKey.DefaultFor(ana.Identity.TenantId);
        var manager = Assert.Single(await app.Services.GetRequiredService<IMemberStore>().ListAsync(ws, default));
        var link = new Uri(app.Services.GetRequiredService<ExportLinks>().Create(ws, manager.UserId)).PathAndQuery;

        var responses = new Dictionary<string, EdgeResponse>
        {
            ["health"] = await EdgeRequests.SendAsync(app, "GET", "/health", null),
            ["messages"] = await EdgeRequests.SendAsync(app, "POST", "/api/messages", null, json: EdgeRequests.Json(ana.Message("help"))),
            ["export"] = await EdgeRequests.SendAsync(app, "GET", link, null),
            ["refused export"] = await EdgeRequests.SendAsync(app, "GET", ExportEndpoint.Path + "?token=bm90.Zm9yZ2Vk", null),
            ["not found"] = await EdgeRequests.SendAsync(app, "GET", "/nothing-here", null),
        };

        Assert.Equal(HttpStatusCode.OK, responses["health"].Status);
        Assert.Equal(HttpStatusCode.OK, responses["messages"].Status);
        Assert.Equal(HttpStatusCode.OK, responses["export"].Status);
        Assert.Equal(HttpStatusCode.Forbidden, responses["refused export"].Status);
        foreach (var (name, response) in responses)
        {
            AssertProtected(name, response.Headers);
        }
    }

    [Fact]
    public async Task Limited_AndUnauthorizedResponses_CarryTheSecurityHeaders()
    {
        await using var factory = await EdgeRequests.StartAuthenticatedAsync(issuer, EdgeRequests.Limits(("MessagesPerClient", 1)));

        var unauthorized = await EdgeRequests.PostUnauthenticatedAsync(factory, Client);
        var limited = await EdgeRequests.PostUnauthenticatedAsync(factory, Client);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        AssertProtected("401", unauthorized.Headers);
        AssertProtected("429", limited.Headers);
    }

    [Fact]
    public async Task Hsts_OutsideDevelopment_OverHttps_Only()
    {
        var settings = EdgeRequests.Limits();
        settings["Edge:ForwardedHeaders:KnownProxies"] = "10.0.0.4";
        await using var production = await EdgeRequests.StartAuthenticatedAsync(issuer, settings);
        await using var development = await PartnerBotFactory.CreateAsync();

        var https = await EdgeRequests.SendAsync(production, "GET", "/health", Client, scheme: "https");
        var http = await EdgeRequests.SendAsync(production, "GET", "/health", Client);
        var forwardedHttps = await EdgeRequests.SendAsync(production, "GET", "/health", IPAddress.Parse("10.0.0.4"), new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" });
        var forgedHttps = await EdgeRequests.SendAsync(production, "GET", "/health", Client, new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" });
        var developmentHttps = await EdgeRequests.SendAsync(development, "GET", "/health", null, scheme: "https");

        Assert.Equal("max-age=31536000", https.Headers.StrictTransportSecurity.ToString());
        Assert.Equal("max-age=31536000", forwardedHttps.Headers.StrictTransportSecurity.ToString());
        Assert.False(http.Headers.ContainsKey(HeaderNames.StrictTransportSecurity));
        Assert.False(forgedHttps.Headers.ContainsKey(HeaderNames.StrictTransportSecurity));
        Assert.Equal(HttpStatusCode.OK, developmentHttps.Status);
        Assert.False(developmentHttps.Headers.ContainsKey(HeaderNames.StrictTransportSecurity));
        AssertProtected("development", developmentHttps.Headers);
    }

    public void Dispose() => issuer.Dispose();

    private static void AssertProtected(string name, IHeaderDictionary headers)
    {
        Assert.True(headers.XContentTypeOptions == "nosniff", $"{name}: X-Content-Type-Options is '{headers.XContentTypeOptions}'.");
        Assert.True(headers["Referrer-Policy"] == "no-referrer", $"{name}: Referrer-Policy is '{headers["Referrer-Policy"]}'.");
        var policy = headers.ContentSecurityPolicy.ToString();
        Assert.True(policy == EdgeSetup.DataContentSecurityPolicy, $"{name}: Content-Security-Policy is '{policy}'.");
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }
}
