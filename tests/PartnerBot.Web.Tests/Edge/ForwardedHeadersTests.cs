using System.Net;
using PartnerBot.Protocol.Tests.Auth;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Edge;

/// <summary>
/// The client's address comes from X-Forwarded-For only when the configured front end sends it: a caller cannot
/// pick its own rate-limit partition by sending the header itself.
/// </summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private static readonly IPAddress Outsider = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress FrontEnd = IPAddress.Parse("169.254.130.1");
    private readonly TestTokenIssuer issuer = new(EdgeRequests.AppId, "msteams");

    [Fact]
    public async Task ForgedForwardedFor_FromAnUntrustedCaller_DoesNotChangeItsPartition()
    {
        await using var factory = await StartAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            var forged = new Dictionary<string, string> { ["X-Forwarded-For"] = "198.51.100." + i };
            statuses.Add((await EdgeRequests.PostUnauthenticatedAsync(factory, Outsider, forged)).Status);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task ForwardedFor_FromTheTrustedFrontEnd_PartitionsByTheClientItNames()
    {
        await using var factory = await StartAsync();

        // Many clients behind the one front end: each has its own allowance.
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 5; i++)
        {
            var forwarded = new Dictionary<string, string> { ["X-Forwarded-For"] = $"198.51.100.{i}:5{i}000" };
            statuses.Add((await EdgeRequests.PostUnauthenticatedAsync(factory, FrontEnd, forwarded)).Status);
        }

        // The outsider spends its allowance directly, then comes through the front end: still the same client.
        for (var i = 0; i < 3; i++)
        {
            await EdgeRequests.PostUnauthenticatedAsync(factory, Outsider);
        }

        var viaFrontEnd = await EdgeRequests.PostUnauthenticatedAsync(
            factory, FrontEnd, new Dictionary<string, string> { ["X-Forwarded-For"] = "10.9.9.9, " + Outsider });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, viaFrontEnd.Status);
    }

    [Fact]
    public async Task Start_KnownNetworkNotCidr_FailsNamingTheSetting()
    {
        var error = Assert.IsAssignableFrom<Exception>(await PartnerBotFactory.StartupErrorAsync(o => o.Settings["Edge:ForwardedHeaders:KnownNetworks"] = "169.254.0.0/16, front-end"));

        var text = Flatten(error);
        Assert.Contains("Edge:ForwardedHeaders:KnownNetworks (env Edge__ForwardedHeaders__KnownNetworks)", text, StringComparison.Ordinal);
        Assert.Contains("'front-end'", text, StringComparison.Ordinal);
    }

    public void Dispose() => issuer.Dispose();

    private Task<PartnerBotFactory> StartAsync()
    {
        var settings = EdgeRequests.Limits(("MessagesPerClient", 3));
        settings["Edge:ForwardedHeaders:KnownNetworks"] = "169.254.0.0/16";
        return EdgeRequests.StartAuthenticatedAsync(issuer, settings);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
