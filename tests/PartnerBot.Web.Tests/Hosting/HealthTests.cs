using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Hosting;

public sealed class HealthTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    [Fact]
    public async Task Alive_ProcessUp_Returns200()
    {
        using var response = await app.Factory.Http.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]);
    }

    [Fact]
    public async Task Health_StorageReachable_ReportsHealthyStorageCheckAsJson()
    {
        using var response = await app.Factory.Http.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Healthy", (string?)body["status"]);
        var storage = Assert.Single(body["checks"]!.AsArray());
        Assert.Equal("storage", (string?)storage!["name"]);
        Assert.Equal("Healthy", (string?)storage["status"]);
    }
}
