using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing.Hosting;
using PartnerBot.Web.FollowThrough.Handlers;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>The CSV export over HTTP: what a manager's browser gets, and what everyone else gets.</summary>
public sealed class ExportEndpointTests
{
    [Fact]
    public async Task Export_Manager_GetsCsvWithoutIds_FormulasDefused_NothingCached()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var ana = app.Transcript("Ana");
        await ana.Send("help");
        var ws = WorkspaceKey.DefaultFor(ana.Identity.TenantId);
        var anaId = Assert.Single(await app.Services.GetRequiredService<IMemberStore>().ListAsync(ws, default)).UserId;
        var partners = app.Services.GetRequiredService<IPartnerStore>();
        await partners.SaveAsync(ws, Partner("p-3f9c1a", "=HYPERLINK(\"https://evil.example\",\"Prize\")", [anaId, "aad-left-0000"]), null, default);
        await partners.SaveAsync(ws, Partner("p-8b2d7e", "City Museum", [anaId]), null, default);
        var met = new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
        await app.Services.GetRequiredService<IPartnerHistoryStore>().SaveInteractionAsync(
            ws, new Interaction { Id = "i-1", PartnerId = "p-8b2d7e", UserId = anaId, Summary = "Met the curator", OccurredAt = met }, default);

        await ana.Send("export");
        var url = new Uri((string)Actions(ana.LastCard).Single(a => (string?)a["type"] == "Action.OpenUrl")["url"]!);
        using var response = await app.Http.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNotCached(response);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^partner-pipeline-\d{4}-\d{2}-\d{2}\.csv$", response.Content.Headers.ContentDisposition?.FileName);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Equal(string.Join(',', PipelineCsv.Columns), csv.Split("\r\n")[0]);
        Assert.Matches("\r\n\"'=HYPERLINK\\(\"\"https://evil.example\"\",\"\"Prize\"\"\\)\",Nonprofit,Civic,Partnership,Active,[12],,,Ana; \\(left the workspace\\),,,,", csv);
        // The partner's history reaches the file: the last contact is the logged meeting's day.
        Assert.Matches("\r\nCity Museum,Nonprofit,Civic,Partnership,Active,[12],,,Ana,,,2026-03-14,,,", csv);
        foreach (var id in new[] { ws.TenantId, anaId, "aad-left-0000", "p-3f9c1a", "p-8b2d7e", ana.Identity.ChannelUserId, ana.Identity.ConversationId })
        {
            Assert.DoesNotContain(id, csv, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Export_BadToken_OrStaff_Refused_NothingCached()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var ana = app.Transcript("Ana");
        await ana.Send("help");
        var ben = app.Transcript("Ben", ana.Identity.TenantId);
        await ben.Send("help");
        var ws = WorkspaceKey.DefaultFor(ana.Identity.TenantId);
        var staff = (await app.Services.GetRequiredService<IMemberStore>().ListAsync(ws, default)).Single(m => m.Role == WorkspaceRole.Staff);
        var staffLink = new Uri(app.Services.GetRequiredService<ExportLinks>().Create(ws, staff.UserId));

        using var forged = await app.Http.GetAsync(ExportEndpoint.Path + "?token=bm90.Zm9yZ2Vk");
        using var missing = await app.Http.GetAsync(ExportEndpoint.Path);
        using var staffOnly = await app.Http.GetAsync(staffLink.PathAndQuery);

        foreach (var (response, says) in new[] { (forged, "not valid or has expired"), (missing, "not valid or has expired"), (staffOnly, "Only managers") })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            AssertNotCached(response);
            Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static void AssertNotCached(HttpResponseMessage response)
    {
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store is missing.");
        Assert.Equal(["no-cache"], response.Headers.GetValues("Pragma"));
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
    }

    private static Partner Partner(string id, string name, IReadOnlyList<string> contact) => new()
    {
        Id = id,
        Name = name,
        Type = PartnerType.Nonprofit,
        Sector = Sector.Civic,
        Stage = PartnerStage.Active,
        Contact = new ContactAssignment { UserIds = contact, AssignedAt = DateTimeOffset.UtcNow, AssignedByUserId = contact[0] },
        CreatedByUserId = contact[0],
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    private static IEnumerable<JsonObject> Actions(JsonNode? node) => node switch
    {
        JsonObject o => (o.ContainsKey("url") ? [o] : Array.Empty<JsonObject>()).Concat(o.SelectMany(kv => Actions(kv.Value))),
        JsonArray a => a.SelectMany(Actions),
        _ => [],
    };
}
