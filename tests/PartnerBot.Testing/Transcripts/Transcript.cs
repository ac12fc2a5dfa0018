using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PartnerBot.Protocol.Activities;
using PartnerBot.Testing.Hosting;
using Xunit;

namespace PartnerBot.Testing.Transcripts;

/// <summary>
/// A conversation with the bot through the real pipeline: each Send posts a Teams-shaped activity to
/// <c>/api/messages</c> and waits for the turn to end; the Assert methods take the bot's replies in order.
/// <code>
/// var t = factory.Transcript(user: "Ada", tenant: "t1");
/// await t.Send("help");
/// t.AssertReply(r => r.Attachments is { Count: 1 });
/// </code>
/// </summary>
public sealed partial class Transcript(PartnerBotFactory factory, TranscriptIdentity identity)
{
    /// <summary>How long a turn may take before the test fails.</summary>
    public static TimeSpan TurnTimeout { get; set; } = TimeSpan.FromSeconds(30);

    private int next;

    public TranscriptIdentity Identity { get; } = identity;

    public PartnerBotFactory Factory { get; } = factory;

    /// <summary>Every message the bot sent into this conversation, in order.</summary>
    public IReadOnlyList<Activity> Replies => Factory.Connector.SentTo(Identity.ConversationId);

    /// <summary>The Adaptive Cards among <see cref="Replies"/>, in order.</summary>
    public IReadOnlyList<JsonObject> Cards => Replies.SelectMany(CardsOf).ToList();

    /// <summary>The newest card the bot sent here.</summary>
    public JsonObject LastCard => Cards.LastOrDefault() ?? throw new InvalidOperationException("The bot has sent no card in this conversation.");

    /// <summary>The HTTP status of the last Send.</summary>
    public HttpStatusCode LastStatus { get; private set; }

    public Task Send(string text) => SendAndWait(Message(text));

    /// <summary>A card's Action.Submit: Teams sends the action's data merged with the inputs as the message value.</summary>
    public Task SendSubmit(JsonObject value) => SendAndWait(Message(null, value));

    /// <summary>The person installs the app (installationUpdate add).</summary>
    public Task SendInstall() => SendAndWait(Base(ActivityTypes.InstallationUpdate, a => a.Action = "add"));

    /// <summary>The person uninstalls the app (installationUpdate remove).</summary>
    public Task SendUninstall() => SendAndWait(Base(ActivityTypes.InstallationUpdate, a => a.Action = "remove"));

    /// <summary>The bot joins the 1:1 chat (conversationUpdate with the bot in membersAdded), as Teams sends with an install.</summary>
    public Task SendBotAdded() => SendAndWait(Base(ActivityTypes.ConversationUpdate, a =>
        a.MembersAdded = [new ChannelAccount { Id = Identity.BotId, Name = Identity.BotName }]));

    /// <summary>An invoke (e.g. <c>adaptiveCard/action</c>); returns the HTTP status and body, which are the invoke response.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendInvoke(string name, JsonObject value)
    {
        var activity = Base(ActivityTypes.Invoke, a =>
        {
            a.Name = name;
            a.Value = value;
        });
        using var response = await Post(activity);
        var text = await response.Content.ReadAsStringAsync();
        await Factory.Turns.WaitAsync(activity.Id!, TurnTimeout);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>
    /// A click on an <c>Action.Execute</c> button of <paramref name="card"/>, as Teams sends it: an <c>adaptiveCard/action</c>
    /// invoke whose <c>action.data</c> is the button's data merged with the inputs, replying to the message that carried
    /// the card. <paramref name="shape"/> may change the activity (e.g. its conversation) before it is posted.
    /// </summary>
    public Task<(HttpStatusCode Status, JsonNode? Body)> SendExecute(
        JsonObject card, string title, IReadOnlyDictionary<string, string>? typed = null, string? replyToId = null, Action<Activity>? shape = null)
    {
        var action = Objects(card).First(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title);
        return SendInvoke(ExecuteValue((string?)action["verb"], ClientSubmit(card, title, typed)), replyToId, shape);
    }

    /// <summary>The value of an <c>adaptiveCard/action</c> invoke, as Teams shapes it.</summary>
    public static JsonObject ExecuteValue(string? verb, JsonObject data, string trigger = "manual") => new()
    {
        ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = Guid.NewGuid().ToString("N"), ["verb"] = verb, ["data"] = data },
        ["trigger"] = trigger,
    };

    /// <summary>An <c>adaptiveCard/action</c> invoke with <paramref name="value"/>; returns the invoke response.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendInvoke(JsonObject value, string? replyToId, Action<Activity>? shape = null)
    {
        var activity = Base(ActivityTypes.Invoke, a =>
        {
            a.Name = "adaptiveCard/action";
            a.Value = value;
            a.ReplyToId = replyToId;
            shape?.Invoke(a);
        });
        using var response = await Post(activity);
        LastStatus = response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        await Factory.Turns.WaitAsync(activity.Id!, TurnTimeout);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Posts any activity (e.g. a changed <see cref="Message"/>) and waits for its turn to end.</summary>
    public Task SendActivity(Activity activity) => SendAndWait(activity);

    /// <summary>Posts any activity as is and returns the raw response, without waiting for the turn.</summary>
    public Task<HttpResponseMessage> Post(Activity activity) =>
        Factory.Http.PostAsJsonAsync("/api/messages", activity, ProtocolJson.Options);

    /// <summary>A message from this person; the caller may change it before posting.</summary>
    public Activity Message(string? text, JsonObject? value = null) => Base(ActivityTypes.Message, a =>
    {
        a.Text = text;
        a.Value = value;
        a.TextFormat = "plain";
    });

    /// <summary>Takes the next reply not yet asserted and runs <paramref name="assert"/> on it.</summary>
    public Activity AssertReply(Action<Activity> assert)
    {
        ArgumentNullException.ThrowIfNull(assert);
        var reply = TakeReply();
        assert(reply);
        return reply;
    }

    /// <summary>Takes the next reply and checks <paramref name="predicate"/> holds.</summary>
    public Activity AssertReply(Func<Activity, bool> predicate, string? because = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var reply = TakeReply();
        Assert.True(predicate(reply), (because ?? "The reply did not match.") + "\nReply: " + Describe(reply));
        return reply;
    }

    /// <summary>Takes the next reply, which must be one Adaptive Card, and returns the card.</summary>
    public JsonObject AssertReplyCard(Action<JsonObject>? assert = null)
    {
        var reply = TakeReply();
        var cards = CardsOf(reply).ToList();
        Assert.True(cards.Count == 1, "Expected a reply with one Adaptive Card.\nReply: " + Describe(reply));
        assert?.Invoke(cards[0]);
        return cards[0];
    }

    /// <summary>Takes the next reply, which must be a card whose text contains <paramref name="text"/>.</summary>
    public JsonObject AssertReplyCardContaining(string text) => AssertReplyCard(card =>
        Assert.True(TextOf(card).Contains(text, StringComparison.Ordinal), $"The card does not contain \"{text}\":\n{TextOf(card)}"));

    /// <summary>
    /// Every string in a card (texts, titles, values, data), one per line: what to search for words. TextBlock text and
    /// facts are Markdown, read as a person sees them: without the escapes that keep typed text literal.
    /// </summary>
    public static string TextOf(JsonNode? node) => TextOf(node, markdown: false);

    private static string TextOf(JsonNode? node, bool markdown) => node switch
    {
        JsonObject o => string.Join('\n', o.Select(p => TextOf(p.Value, markdown || IsMarkdown(o, p.Key))).Where(t => t.Length > 0)),
        JsonArray a => string.Join('\n', a.Select(n => TextOf(n, markdown)).Where(t => t.Length > 0)),
        JsonValue v when v.TryGetValue(out string? s) => markdown ? MarkdownEscape().Replace(s, "$1") : s,
        _ => "",
    };

    private static bool IsMarkdown(JsonObject o, string key) => ((string?)o["type"], key) is ("TextBlock", "text") or ("FactSet", "facts");

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex MarkdownEscape();

    /// <summary>Takes the next reply, which must be text containing <paramref name="text"/>.</summary>
    public Activity AssertReplyText(string text) =>
        AssertReply(r => r.Text?.Contains(text, StringComparison.Ordinal) == true, $"Expected a text reply containing \"{text}\".");

    public void AssertNoMoreReplies()
    {
        var replies = Replies;
        Assert.True(next >= replies.Count, "Unexpected replies:\n" + string.Join('\n', replies.Skip(next).Select(Describe)));
    }

    /// <summary>
    /// What Teams and Web Chat send for a click on <paramref name="card"/>: the button's data merged with every input's
    /// value, then the test's typing, and any input left empty not sent at all.
    /// </summary>
    public static JsonObject ClientSubmit(JsonObject card, string title, IReadOnlyDictionary<string, string>? typed = null)
    {
        var all = Objects(card).ToList();
        var action = all.First(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title);
        var value = action["data"]!.DeepClone().AsObject();
        if ((string?)action["associatedInputs"] != "none")
        {
            foreach (var input in all.Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
            {
                value[(string)input["id"]!] = input["value"]?.ToString() ?? "";
            }
        }

        foreach (var (id, text) in typed ?? new Dictionary<string, string>())
        {
            value[id] = text;
        }

        foreach (var empty in value.Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0).Select(p => p.Key).ToList())
        {
            value.Remove(empty);
        }

        return value;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    /// <summary>The JSON of every card in a message.</summary>
    public static IEnumerable<JsonObject> CardsOf(Activity activity) =>
        (activity.Attachments ?? [])
            .Where(a => a.ContentType == ContentTypes.AdaptiveCard && a.Content is JsonObject)
            .Select(a => (JsonObject)a.Content!);

    private async Task SendAndWait(Activity activity)
    {
        using var response = await Post(activity);
        LastStatus = response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"POST /api/messages answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await Factory.Turns.WaitAsync(activity.Id!, TurnTimeout);
    }

    private Activity TakeReply()
    {
        var replies = Replies;
        Assert.True(next < replies.Count, $"Expected another reply; the bot sent {replies.Count} in all and {next} were already asserted.");
        return replies[next++];
    }

    private Activity Base(string type, Action<Activity> shape)
    {
        var activity = new Activity
        {
            Type = type,
            Id = "act-" + Guid.NewGuid().ToString("N"),
            Timestamp = DateTimeOffset.UtcNow,
            LocalTimezone = "Europe/Copenhagen",
            ServiceUrl = Identity.ServiceUrl,
            ChannelId = "msteams",
            From = new ChannelAccount { Id = Identity.ChannelUserId, Name = Identity.UserName, AadObjectId = Identity.AadObjectId },
            Recipient = new ChannelAccount { Id = Identity.BotId, Name = Identity.BotName },
            Conversation = new ConversationAccount { Id = Identity.ConversationId, ConversationType = "personal", TenantId = Identity.TenantId },
            ChannelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Identity.TenantId } },
        };
        shape(activity);
        return activity;
    }

    private static string Describe(Activity activity) =>
        System.Text.Json.JsonSerializer.Serialize(activity, ProtocolJson.Options);
}
