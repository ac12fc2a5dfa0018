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

    [Fact]
    public void Verify_SignedWithThePreviousKey_AfterRotation_StillValidUntilItExpires()
    {
        var (oldKey, newKey) = (NewKey(), NewKey());
        var beforeRotation = new ExportLinks(Options.Create(new ExportOptions { SigningKey = oldKey }), clock);
        var ws = new WorkspaceKey("t1", "default");
        var token = Token(beforeRotation.Create(ws, "u1"));

        var afterRotation = new ExportLinks(Options.Create(new ExportOptions { SigningKey = newKey, PreviousSigningKey = oldKey }), clock);
        var fresh = Token(afterRotation.Create(ws, "u1"));

        Assert.Equal((ws, "u1"), afterRotation.Verify(token));
        // New links are signed with the new key only: once the previous key is dropped they still open.
        var rotationOver = new ExportLinks(Options.Create(new ExportOptions { SigningKey = newKey }), clock);
        Assert.Equal((ws, "u1"), rotationOver.Verify(fresh));
        Assert.Null(rotationOver.Verify(token));
        clock.Advance(ExportLinks.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(ExportLinkStatus.Expired, afterRotation.Check(token, ExportKind.Pipeline).Status);
    }

    [Fact]
    public void Check_SignedWithAKeyThatIsNeitherCurrentNorPrevious_IsInvalid()
    {
        var stranger = new ExportLinks(Options.Create(new ExportOptions { SigningKey = NewKey() }), clock);
        var links = new ExportLinks(Options.Create(new ExportOptions { SigningKey = NewKey(), PreviousSigningKey = NewKey() }), clock);

        var token = Token(stranger.Create(ExportKind.Workspace, new WorkspaceKey("t1", "default"), "u1"));

        Assert.Equal(ExportLinkStatus.Invalid, links.Check(token, ExportKind.Workspace).Status);
    }

    [Fact]
    public void Check_TamperedExpiredOrOtherKind_IsRefusedWithItsReason()
    {
        var links = new ExportLinks(Options.Create(new ExportOptions { SigningKey = NewKey() }), clock);
        var ws = new WorkspaceKey("t1", "default");
        var workspaceToken = Token(links.Create(ExportKind.Workspace, ws, "u1"));
        var pipelineToken = Token(links.Create(ExportKind.Pipeline, ws, "u1"));
        // The body names another workspace; the signature is the original's.
        var body = workspaceToken.Split('.')[0];
        var tampered = Base64Url(System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(FromBase64Url(body)).Replace("t1", "t2", StringComparison.Ordinal))) + "." + workspaceToken.Split('.')[1];

        Assert.Equal(new ExportLinkCheck(ExportLinkStatus.Valid, ws, "u1"), links.Check(workspaceToken, ExportKind.Workspace));
        Assert.Equal(ExportLinkStatus.Invalid, links.Check(tampered, ExportKind.Workspace).Status);
        Assert.Equal(ExportLinkStatus.OtherKind, links.Check(pipelineToken, ExportKind.Workspace).Status);
        Assert.Equal(ExportLinkStatus.OtherKind, links.Check(workspaceToken, ExportKind.Pipeline).Status);
        Assert.Null(links.Verify(workspaceToken));
        Assert.StartsWith("http://localhost" + ExportLinks.WorkspacePath + "?token=", links.Create(ExportKind.Workspace, ws, "u1"), StringComparison.Ordinal);
        clock.Advance(ExportLinks.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(ExportLinkStatus.Expired, links.Check(workspaceToken, ExportKind.Workspace).Status);
    }

    [Theory]
    [InlineData(null, "not base64!", "PreviousSigningKey (env FollowThrough__Export__PreviousSigningKey) must be base64", "is not base64")]
    [InlineData(null, "c2hvcnQ=", "PreviousSigningKey (env FollowThrough__Export__PreviousSigningKey) must be base64", "decodes to 5 bytes")]
    [InlineData("", "VALID", "PreviousSigningKey (env FollowThrough__Export__PreviousSigningKey) is set but", "SigningKey (env FollowThrough__Export__SigningKey) is not")]
    public async Task Start_PreviousSigningKeyUnusable_FailsNamingTheSetting(string? current, string previous, string names, string why)
    {
        var previousKey = previous == "VALID" ? NewKey() : previous;

        var error = (await PartnerBot.Testing.Hosting.PartnerBotFactory.StartupErrorAsync(o =>
        {
            o.Settings["FollowThrough:Export:SigningKey"] = current ?? NewKey();
            o.Settings["FollowThrough:Export:PreviousSigningKey"] = previousKey;
        }))!.ToString();

        Assert.Contains(names, error, StringComparison.Ordinal);
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.DoesNotContain(previousKey, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_BothKeysSet_LinkOfThePreviousKeyOpensThroughTheApp()
    {
        var (oldKey, newKey) = (NewKey(), NewKey());
        var ws = new WorkspaceKey("t1", "default");
        var token = Token(new ExportLinks(Options.Create(new ExportOptions { SigningKey = oldKey }), TimeProvider.System).Create(ws, "u1"));

        await using var factory = await PartnerBot.Testing.Hosting.PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["FollowThrough:Export:SigningKey"] = newKey;
            o.Settings["FollowThrough:Export:PreviousSigningKey"] = oldKey;
        });

        Assert.Equal((ws, "u1"), factory.Services.GetRequiredService<ExportLinks>().Verify(token));
    }

    private static string NewKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b + new string('=', (4 - (b.Length % 4)) % 4));
    }

    private static string Token(string url) => Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
}
