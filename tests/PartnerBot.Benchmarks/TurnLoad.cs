using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PartnerBot.Benchmarks;

/// <summary>The two timed turns of a screening conversation.</summary>
internal enum TurnKind
{
    Open,
    Submit,
}

/// <summary>
/// Simulated Teams users, each in its own tenant (so each has its own workspace) and its own 1:1 chat. Before any
/// timing a user installs the bot and adds "City Museum"; each timed conversation then opens the screening card and
/// submits five ratings, which answers with the summary. A turn ends when its first reply reaches the fake connector.
/// </summary>
internal sealed class TurnLoad(string botUrl, TurnReplies replies, string appId, string token)
{
    public const string Partner = "City Museum";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(30) };

    private readonly ConcurrentDictionary<int, bool> ready = new();

    public int Errors { get; private set; }

    /// <summary>Installs and adds the partner for users 0..users-1 not yet set up; not timed.</summary>
    public async Task SetUpAsync(int users, string runId)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, users).Where(u => !ready.ContainsKey(u)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (u, _) =>
        {
            var conversation = Conversation(runId, u);
            replies.InTenant(conversation, Tenant(u));
            var welcome = await SendAsync(Install(u, conversation));
            var form = await SendAsync(Message(u, conversation, "add partner " + Partner, null));
            var added = form is null ? null : await SendAsync(Message(u, conversation, null, SubmitValue(form, "Add partner", new() { ["type"] = "LocalGovernment", ["clusters"] = "Employability" })));
            if (welcome is null || added is null)
            {
                throw new InvalidOperationException($"Setting up bench user {u} failed: no welcome or no answer to the partner form.");
            }

            ready[u] = true;
        });
    }

    public async Task<LoadResult> RunAsync(int users, TimeSpan duration, string runId)
    {
        await SetUpAsync(users, runId);
        var latencies = new List<double>[users];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, users).Select(async u =>
        {
            var mine = latencies[u] = [];
            while (clock.Elapsed < duration)
            {
                var result = await ConversationAsync(u, runId, mine);
                if (!result)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        Errors += errors;
        return LoadResult.From([.. latencies.SelectMany(l => l)], elapsed);
    }

    /// <summary>One timed turn of one kind for user 0, for counting what it costs; the open leaves the card for the submit.</summary>
    public async Task<bool> RunSingleAsync(string runId, TurnKind kind)
    {
        var conversation = Conversation(runId, 0);
        if (kind == TurnKind.Open)
        {
            lastCard = await SendAsync(Message(0, conversation, "screen " + Partner, null));
            return Count(lastCard is not null);
        }

        var value = lastCard is null ? null : SubmitValue(lastCard, null, Ratings);
        return Count(value is not null && await SendAsync(Message(0, conversation, null, value)) is not null);
    }

    private JsonNode? lastCard;

    private bool Count(bool ok)
    {
        if (!ok)
        {
            Errors++;
        }

        return ok;
    }

    private async Task<bool> ConversationAsync(int user, string runId, List<double> latencies)
    {
        var conversation = Conversation(runId, user);
        var started = Stopwatch.GetTimestamp();
        var card = await SendAsync(Message(user, conversation, "screen " + Partner, null));
        if (card is null)
        {
            return false;
        }

        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        var value = SubmitValue(card, null, Ratings);
        if (value is null)
        {
            return false;
        }

        started = Stopwatch.GetTimestamp();
        if (await SendAsync(Message(user, conversation, null, value)) is null)
        {
            return false;
        }

        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return true;
    }

    private static readonly Dictionary<string, string> Ratings = new()
    {
        ["q-Expertise"] = "4",
        ["q-StrengthsAndWeaknesses"] = "3",
        ["q-ContributionToGoals"] = "5",
        ["q-RelationshipDifficulty"] = "2",
        ["q-OpportunityCost"] = "3",
    };

    /// <summary>Posts one activity; the first reply to it, or null when refused or silent for 20 s.</summary>
    private async Task<JsonNode?> SendAsync(JsonObject activity)
    {
        var id = (string)activity["id"]!;
        var reply = replies.NextReply(id);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(botUrl + "/api/messages"))
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            replies.Forget(id);
            return null;
        }

        var finished = await Task.WhenAny(reply, Task.Delay(TimeSpan.FromSeconds(20)));
        if (finished != reply)
        {
            replies.Forget(id);
            return null;
        }

        return await reply;
    }

    /// <summary>
    /// What Teams sends for an Action.Submit: the action's data merged with every input's current value, then what
    /// the person typed. <paramref name="title"/> null takes the card's first positive submit (ratings or save).
    /// </summary>
    private static JsonObject? SubmitValue(JsonNode reply, string? title, Dictionary<string, string> typed)
    {
        var card = reply["attachments"]?[0]?["content"];
        var action = Walk(card).FirstOrDefault(o => (string?)o["type"] == "Action.Execute" && (title is null ? string.Equals((string?)o["style"], "positive", StringComparison.OrdinalIgnoreCase) : (string?)o["title"] == title));
        if (action?["data"] is not JsonObject data)
        {
            return null;
        }

        var value = data.DeepClone().AsObject();
        foreach (var input in Walk(card).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true && o["id"] is not null))
        {
            value[(string)input["id"]!] = input["value"] is JsonValue v ? v.ToString() : "";
        }

        foreach (var (id, text) in typed)
        {
            value[id] = text;
        }

        return value;
    }

    private static IEnumerable<JsonObject> Walk(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Walk(kv.Value))),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    private static string Conversation(string runId, int user) => $"a:bench-{runId}-{user}";

    private JsonObject Install(int user, string conversation)
    {
        var activity = Base(user, conversation, "conversationUpdate");
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = $"29:bench-user-{user}", ["aadObjectId"] = UserObjectId(user) });
        return activity;
    }

    private JsonObject Message(int user, string conversation, string? text, JsonObject? value)
    {
        var activity = Base(user, conversation, "message");
        activity["text"] = text;
        if (value is not null)
        {
            activity["value"] = value;
        }

        return activity;
    }

    private JsonObject Base(int user, string conversation, string type) => new()
    {
        ["type"] = type,
        ["id"] = Guid.NewGuid().ToString("N"),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["channelId"] = "msteams",
        ["serviceUrl"] = replies.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = $"29:bench-user-{user}", ["aadObjectId"] = UserObjectId(user), ["name"] = $"Bench User {user}" },
        ["recipient"] = new JsonObject { ["id"] = "28:" + appId, ["name"] = "PartnerBot" },
        ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = "personal", ["tenantId"] = Tenant(user) },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant(user) } },
        ["locale"] = "en-US",
    };

    // A tenant per user: each has its own workspace, so users never share a partner or its score.
    private static string Tenant(int user) => new Guid(user, 0xbe, 0x4c, new byte[8]).ToString();

    private static string UserObjectId(int user) => new Guid(user, 0, 0, new byte[8]).ToString();

    internal static string Describe => string.Create(CultureInfo.InvariantCulture, $"`screen {Partner}` (opens the screening card), then the card's submit with five ratings (answers with the summary)");
}
