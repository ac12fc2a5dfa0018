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

    private static string Token(string url) => Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
}
