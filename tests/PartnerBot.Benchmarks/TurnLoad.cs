using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Simulated Teams users, each running the conversation script over and over through POST /api/messages with a
/// signed channel token; a turn ends when its reply reaches the fake connector.
/// </summary>
internal sealed class TurnLoad(string botUrl, FakeServices services, string appId, string token)
{
    // One conversation of the script; each line is one turn. A person who cannot be understood is shown help,
    // so every line gets exactly one reply whichever flows the engine knows.
    public static readonly IReadOnlyList<string> Script = ["screen City Museum", "help", "partners", "ranking"];

    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(30) };

    public int Errors { get; private set; }

    public async Task<LoadResult> RunAsync(int users, TimeSpan duration, string runId)
    {
        var latencies = new List<double>[users];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, users).Select(async u =>
        {
            var mine = latencies[u] = [];
            var round = 0;
            while (clock.Elapsed < duration)
            {
                var conversation = $"a:bench-{runId}-{u}-{round++}";
                foreach (var text in Script)
                {
                    var started = Stopwatch.GetTimestamp();
                    if (await TurnAsync(u, conversation, text))
                    {
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }
        }));
        var elapsed = clock.Elapsed;
        Errors += errors;
        return LoadResult.From([.. latencies.SelectMany(l => l)], elapsed);
    }

    /// <summary>One turn of the script, for counting what a single turn costs.</summary>
    public async Task RunSingleAsync(string conversation, int line)
    {
        if (!await TurnAsync(0, conversation, Script[line]))
        {
            Errors++;
        }
    }

    private async Task<bool> TurnAsync(int user, string conversation, string text)
    {
        var reply = services.NextReply(conversation);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(botUrl + "/api/messages"))
        {
            Content = new StringContent(Activity(user, conversation, text), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            return false;
        }

        var finished = await Task.WhenAny(reply, Task.Delay(TimeSpan.FromSeconds(20)));
        return finished == reply;
    }

    private string Activity(int user, string conversation, string text) => new JsonObject
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString("N"),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = services.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = $"29:bench-user-{user}", ["aadObjectId"] = UserObjectId(user), ["name"] = $"Bench User {user}" },
        ["recipient"] = new JsonObject { ["id"] = "28:" + appId, ["name"] = "PartnerBot" },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = Program.TenantId },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Program.TenantId } },
        ["locale"] = "en-US",
        ["text"] = text,
    }.ToJsonString();

    private static string UserObjectId(int user) => new Guid(user, 0, 0, new byte[8]).ToString();
}
