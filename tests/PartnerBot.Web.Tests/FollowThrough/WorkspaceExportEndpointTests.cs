using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.WorkspaceData;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Web.FollowThrough.Handlers;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>'export workspace' over HTTP: what an admin's browser gets, and what every other link gets.</summary>
public sealed class WorkspaceExportEndpointTests
{
    private static readonly string Key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task ExportWorkspace_Admin_GetsAZipWithAFilePerKind_NothingCached()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var ana = app.Transcript("Ana");
        await ana.Send("help");
        var ws = WorkspaceKey.DefaultFor(ana.Identity.TenantId);
        await app.Services.GetRequiredService<IPartnerStore>().SaveAsync(ws, new Partner
        {
            Id = "p-1",
            Name = "City Museum",
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            CreatedByUserId = "someone",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        }, null, default);

        await ana.Send("export workspace");
        var card = ana.LastCard;
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["workspace export"] = card! });
        var url = new Uri(Url(card));
        Assert.Equal(ExportLinks.WorkspacePath, url.AbsolutePath);
        using var response = await app.Http.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(@"^partnerbot-workspace-\d{4}-\d{2}-\d{2}\.zip$", response.Content.Headers.ContentDisposition?.FileName);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Superset(TableWorkspaceDataStore.KnownFiles.ToHashSet(), zip.Entries.Select(e => e.FullName).ToHashSet());
        JsonArray Read(string name)
        {
            using var stream = zip.GetEntry(name)!.Open();
            return JsonNode.Parse(stream)!.AsArray();
        }

        Assert.Equal("City Museum", (string?)Assert.Single(Read("partners.json"))!["name"]);
        Assert.Equal("Ana", (string?)Assert.Single(Read("members.json"))!["name"]);
        Assert.Single(Read("workspace.json"));
    }

    [Fact]
    public async Task ExportWorkspace_Staff_IsRefusedInTheChat()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var ana = app.Transcript("Ana");
        await ana.Send("help");
        var ben = app.Transcript("Ben", ana.Identity.TenantId);
        await ben.Send("help");

        await ben.Send("export workspace");

        Assert.Contains(ben.Replies, r => r.Text?.Contains("for workspace admins", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task ExportWorkspace_TamperedExpiredOtherKindOrNotAdmin_IsRefusedWithAShortMessage()
    {
        await using var app = await PartnerBotFactory.CreateAsync(o => o.Settings["FollowThrough:Export:SigningKey"] = Key);
        var ana = app.Transcript("Ana");
        await ana.Send("help");
        var ben = app.Transcript("Ben", ana.Identity.TenantId);
        await ben.Send("help");
        var ws = WorkspaceKey.DefaultFor(ana.Identity.TenantId);
        var members = await app.Services.GetRequiredService<IMemberStore>().ListAsync(ws, default);
        var (anaId, benId) = (members.Single(m => m.Role == WorkspaceRole.Admin).UserId, members.Single(m => m.Role == WorkspaceRole.Staff).UserId);
        var links = app.Services.GetRequiredService<ExportLinks>();
        var good = Token(links.Create(ExportKind.Workspace, ws, anaId));
        var tampered = good[..^2] + (good[^2] == 'A' ? "BB" : "AA");
        var pipeline = Token(links.Create(ExportKind.Pipeline, ws, anaId));
        var anHourAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var expired = Token(new ExportLinks(Options.Create(new ExportOptions { SigningKey = Key }), anHourAgo).Create(ExportKind.Workspace, ws, anaId));
        var staff = Token(links.Create(ExportKind.Workspace, ws, benId));

        var cases = new[]
        {
            (ExportLinks.WorkspacePath + "?token=" + Uri.EscapeDataString(tampered), HttpStatusCode.Forbidden, "not valid"),
            (ExportLinks.WorkspacePath, HttpStatusCode.Forbidden, "not valid"),
            (ExportLinks.WorkspacePath + "?token=" + Uri.EscapeDataString(expired), HttpStatusCode.Gone, "expired"),
            (ExportLinks.WorkspacePath + "?token=" + Uri.EscapeDataString(pipeline), HttpStatusCode.Forbidden, "another export"),
            (ExportLinks.WorkspacePath + "?token=" + Uri.EscapeDataString(staff), HttpStatusCode.Forbidden, "Only workspace admins"),
            // A workspace link never opens the CSV export either.
            (ExportEndpoint.Path + "?token=" + Uri.EscapeDataString(good), HttpStatusCode.Forbidden, "not valid"),
        };
        foreach (var (path, status, says) in cases)
        {
            using var response = await app.Http.GetAsync(path);

            Assert.Equal(status, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var ok = await app.Http.GetAsync(ExportLinks.WorkspacePath + "?token=" + Uri.EscapeDataString(good));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static string Token(string url) => Uri.UnescapeDataString(url[(url.IndexOf("token=", StringComparison.Ordinal) + 6)..]);

    private static string Url(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "Action.OpenUrl" => (string)o["url"]!,
        JsonObject o => o.Select(kv => kv.Value).Select(TryUrl).FirstOrDefault(u => u is not null) ?? throw new InvalidOperationException("No link on the card."),
        JsonArray a => a.Select(TryUrl).FirstOrDefault(u => u is not null) ?? throw new InvalidOperationException("No link on the card."),
        _ => throw new InvalidOperationException("No link on the card."),
    };

    private static string? TryUrl(JsonNode? node)
    {
        try
        {
            return node is null ? null : Url(node);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
