using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.Tests.Support;

/// <summary>
/// A conversation with the engine, botbuilder TestFlow style but without HTTP: say something or click a button
/// on the latest card that has it, as the client would (the card's inputs with their current values, overridden
/// by what the test types, with empty ones left out as Teams and Web Chat leave them out), then assert on the replies.
/// </summary>
public sealed partial class Transcript(IConversationEngine engine, UserRef user)
{
    public UserRef User { get; } = user;

    public IReadOnlyList<BotReply> Last { get; private set; } = [];

    /// <summary>Every card the bot has sent in this conversation, for the card parser.</summary>
    public List<JsonObject> Cards { get; } = [];

    public IConversationEngine Engine { get; set; } = engine;

    public async Task<IReadOnlyList<BotReply>> SayAsync(string text) =>
        Record(await Engine.OnMessageAsync(new TurnInput { User = User, Text = text }, CancellationToken.None));

    public async Task<IReadOnlyList<BotReply>> SubmitAsync(JsonObject value) =>
        Record(await Engine.OnMessageAsync(new TurnInput { User = User, Value = value }, CancellationToken.None));

    /// <summary>Clicks the button titled <paramref name="title"/> on the most recent card of the conversation that has one.</summary>
    public Task<IReadOnlyList<BotReply>> ClickAsync(string title, IReadOnlyDictionary<string, string>? inputs = null) =>
        SubmitAsync(BuildSubmit(title, inputs));

    /// <summary>The submit value a click would send, without sending it (to replay it later as a stale card).</summary>
    public JsonObject BuildSubmit(string title, IReadOnlyDictionary<string, string>? inputs = null)
    {
        // Cards stay in the chat, so any earlier card's button can still be clicked; the latest one wins.
        foreach (var card in Enumerable.Reverse(Cards))
        {
            if (FindSubmit(card, title) is { } data)
            {
                var value = data.DeepClone().AsObject();
                if ((string?)FindAssociated(card, title) != "none")
                {
                    foreach (var (id, current) in Inputs(card))
                    {
                        value[id] = current;
                    }
                }

                foreach (var (id, typed) in inputs ?? new Dictionary<string, string>())
                {
                    value[id] = typed;
                }

                // As Teams and Web Chat do: an input left empty is not in the submit at all.
                foreach (var empty in value.Where(p => p.Key != "action" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0).Select(p => p.Key).ToList())
                {
                    value.Remove(empty);
                }

                return value;
            }
        }

        throw new InvalidOperationException($"No button '{title}' on the latest cards. Replies: {Text}");
    }

    /// <summary>All text of the latest replies: messages, and every text, title and value on cards.</summary>
    public string Text => string.Join("\n", Last.Select(TextOf));

    public JsonObject LastCard => Last.OfType<CardReply>().Last().Card.ToJson();

    public static string TextOf(BotReply reply) => reply switch
    {
        TextReply t => t.Text,
        CardReply c => string.Join("\n", Strings(c.Card.ToJson())),
        _ => "",
    };

    public static IEnumerable<(string Id, string Value)> Inputs(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true && (string?)o["id"] is { } id)
                {
                    yield return (id, o["value"] is JsonValue v ? v.ToString() : "");
                }

                foreach (var child in o.Select(kv => kv.Value).SelectMany(Inputs))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Inputs))
                {
                    yield return child;
                }

                break;
        }
    }

    private IReadOnlyList<BotReply> Record(IReadOnlyList<BotReply> replies)
    {
        Last = replies;
        Cards.AddRange(replies.OfType<CardReply>().Select(c => c.Card.ToJson()));
        return replies;
    }

    // TextBlock text and facts are Markdown, read here as a person sees them: without the escapes that keep typed text literal.
    private static IEnumerable<string> Strings(JsonNode? node) => Strings(node, markdown: false);

    private static IEnumerable<string> Strings(JsonNode? node, bool markdown) => node switch
    {
        JsonObject o => o.SelectMany(kv => kv.Key is "text" or "title" or "value" && kv.Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? [markdown || (kv.Key == "text" && (string?)o["type"] == "TextBlock") ? Unescape(s) : s]
            : Strings(kv.Value, markdown || (kv.Key == "facts" && (string?)o["type"] == "FactSet"))),
        JsonArray a => a.SelectMany(n => Strings(n, markdown)),
        _ => [],
    };

    private static string Unescape(string markdown) => MarkdownEscape().Replace(markdown, "$1");

    [System.Text.RegularExpressions.GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial System.Text.RegularExpressions.Regex MarkdownEscape();

    private static IEnumerable<JsonObject> Actions(JsonNode? node) => node switch
    {
        JsonObject o => (((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true ? [o] : Array.Empty<JsonObject>())
            .Concat(o.SelectMany(kv => Actions(kv.Value))),
        JsonArray a => a.SelectMany(Actions),
        _ => [],
    };

    private static JsonObject? FindSubmit(JsonObject card, string title) =>
        Actions(card).FirstOrDefault(a => (string?)a["type"] == "Action.Execute" && (string?)a["title"] == title)?["data"]?.AsObject();

    private static JsonNode? FindAssociated(JsonObject card, string title) =>
        Actions(card).FirstOrDefault(a => (string?)a["type"] == "Action.Execute" && (string?)a["title"] == title)?["associatedInputs"];
}
