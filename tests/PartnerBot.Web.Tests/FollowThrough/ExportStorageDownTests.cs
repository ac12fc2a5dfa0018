using System.Net;
using System.Text.Json.Nodes;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// An export link clicked while storage is not answering: the browser gets a 503 saying to try again (never a 500),
/// and the same link works once storage answers again. This test owns its Azurite; the suite's shared one is never frozen.
/// </summary>
public sealed class ExportStorageDownTests
{
    [Fact]
    public async Task ExportLinks_StorageFrozen_Answer503TryAgain_ThenTheSameLinksWork()
    {
        await using var azurite = await AzuriteServer.StartPrivateAsync();
        await using var app = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["Storage:ConnectionString"] = azurite.ConnectionString;
            o.Settings["Storage:NetworkTimeout"] = "00:00:01";
            o.Settings["Storage:MaxRetries"] = "1";
            o.Settings["FollowThrough:RunBackgroundService"] = "false";
        });
        var ana = app.Transcript("Ana");
        await ana.Send("export");
        var pipeline = new Uri(Url(ana.LastCard)).PathAndQuery;
        await ana.Send("export workspace");
        var workspace = new Uri(Url(ana.LastCard)).PathAndQuery;
        Assert.NotEqual(pipeline, workspace);

        azurite.Freeze();
        try
        {
            foreach (var link in new[] { pipeline, workspace })
            {
                using var down = await app.Http.GetAsync(link);
                var text = await down.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
                Assert.Equal("text/plain", down.Content.Headers.ContentType?.MediaType);
                Assert.Contains("storage is not answering", text, StringComparison.Ordinal);
                Assert.Contains("Try the link again", text, StringComparison.Ordinal);
                Assert.Equal(TimeSpan.FromSeconds(30), down.Headers.RetryAfter?.Delta);
                Assert.True(down.Headers.CacheControl?.NoStore);
            }
        }
        finally
        {
            azurite.Thaw();
        }

        using var csv = await app.Http.GetAsync(pipeline);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        using var zip = await app.Http.GetAsync(workspace);
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Equal("application/zip", zip.Content.Headers.ContentType?.MediaType);
    }

    private static string Url(JsonNode? node) => node switch
    {
        JsonObject o when (string?)o["type"] == "Action.OpenUrl" => (string)o["url"]!,
        JsonObject o => o.Select(kv => Find(kv.Value)).FirstOrDefault(u => u is not null) ?? throw new InvalidOperationException("No link on the card."),
        JsonArray a => a.Select(Find).FirstOrDefault(u => u is not null) ?? throw new InvalidOperationException("No link on the card."),
        _ => throw new InvalidOperationException("No link on the card."),
    };

    private static string? Find(JsonNode? node) => node is JsonObject or JsonArray ? TryUrl(node) : null;

    private static string? TryUrl(JsonNode? node)
    {
        try
        {
            return Url(node);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
