using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Hosting;

/// <summary>What Web Chat does against the playground, through the host's own pipeline.</summary>
public sealed class DirectLineRoundTripTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    [Fact]
    public async Task DirectLine_StartPostPoll_EchoesMessageThenWelcomeAndHelpCards()
    {
        var http = app.Factory.Http;
        using var start = await http.PostAsync("/v3/directline/tokens/generate", null);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var token = (string)(await start.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        var conversation = await SendAsync<JsonObject>(http, HttpMethod.Post, "/v3/directline/conversations", token);
        var conversationId = (string)conversation["conversationId"]!;

        var posted = await SendAsync<JsonObject>(http, HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token, new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = "dl_round-trip-" + Guid.NewGuid().ToString("N"), ["name"] = "Ada" },
            ["text"] = "help",
            ["channelData"] = new JsonObject { ["clientActivityID"] = "client-1" },
        });

        var activities = await PollUntilAsync(http, conversationId, token, list => list.Count(IsBotCard) >= 2);
        var echo = activities.First(a => (string?)a["from"]?["role"] == "user" || (string?)a["text"] == "help");
        Assert.Equal((string?)posted["id"], (string?)echo["id"]);
        Assert.Equal("client-1", (string?)echo["channelData"]?["clientActivityID"]);
        var cards = activities.Where(IsBotCard).Select(a => a["attachments"]![0]!["content"]!.ToJsonString()).ToList();
        Assert.Contains(cards, c => c.Contains("Welcome, Ada", StringComparison.Ordinal));
        Assert.Contains(cards, c => c.Contains("What I can do", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DirectLine_WrongToken_IsRefused()
    {
        var http = app.Factory.Http;
        using var start = await http.PostAsync("/v3/directline/tokens/generate", null);
        var conversation = (await start.Content.ReadFromJsonAsync<JsonObject>())!;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversation["conversationId"]}/activities");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static bool IsBotCard(JsonNode activity) =>
        (string?)activity["from"]?["role"] == "bot" && activity["attachments"] is JsonArray { Count: > 0 };

    private static async Task<List<JsonNode>> PollUntilAsync(HttpClient http, string conversationId, string token, Func<List<JsonNode>, bool> done)
    {
        var all = new List<JsonNode>();
        string? watermark = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var set = await SendAsync<JsonObject>(http, HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}", token);
            all.AddRange(set["activities"]!.AsArray().Select(a => a!.DeepClone()));
            watermark = (string?)set["watermark"];
            if (done(all))
            {
                return all;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The bot's replies did not arrive: " + new JsonArray([.. all.Select(a => (JsonNode?)a)]).ToJsonString());
    }

    private static async Task<T> SendAsync<T>(HttpClient http, HttpMethod method, string url, string token, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}
