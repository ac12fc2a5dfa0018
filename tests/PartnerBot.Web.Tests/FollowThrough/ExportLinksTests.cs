using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Workspaces;
using PartnerBot.Web.FollowThrough.Handlers;

namespace PartnerBot.Web.Tests.FollowThrough;

public class ExportLinksTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Verify_FreshLink_NamesWorkspaceAndUser()
    {
        var links = new ExportLinks(Options.Create(new ExportOptions()), clock);
        var ws = new WorkspaceKey("tenant/ü#?", "w|1");

        var token = Token(links.Create(ws, "u\n1"));

        Assert.Equal((ws, "u\n1"), links.Verify(token));
    }

    [Fact]
    public void Verify_Expired_Forged_OrGarbage_IsNull()
    {
        var links = new ExportLinks(Options.Create(new ExportOptions()), clock);
        var token = Token(links.Create(new WorkspaceKey("t1", "default"), "u1"));
        var other = new ExportLinks(Options.Create(new ExportOptions()), clock);

        Assert.Null(other.Verify(token));
        Assert.Null(links.Verify("not-a-token"));
        Assert.Null(links.Verify("a.b.c"));
        Assert.Null(links.Verify("!!!.???"));
        Assert.Null(links.Verify(null));
        clock.Advance(ExportLinks.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Null(links.Verify(token));
    }

    [Fact]
    public async Task Create_NoPublicUrlConfigured_LinkPointsAtTheAppsOwnAddress()
    {
        await using var factory = await PartnerBot.Testing.Hosting.PartnerBotFactory.CreateAsync(o => o.KestrelPort = 0);
        factory.StartServer();
        var own = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var url = factory.Services.GetRequiredService<ExportLinks>().Create(new WorkspaceKey("t1", "default"), "u1");

        Assert.StartsWith(new Uri(own).GetLeftPart(UriPartial.Authority) + "/api/followthrough/export?token=", url, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_PublicUrlConfigured_LinkStartsWithIt()
    {
        var links = new ExportLinks(Options.Create(new ExportOptions { PublicBaseUrl = "https://partnerbot.example.org/" }), clock);

        Assert.StartsWith("https://partnerbot.example.org/api/followthrough/export?token=", links.Create(new WorkspaceKey("t1", "default"), "u1"), StringComparison.Ordinal);
    }

    private static string Token(string url) => Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
}
