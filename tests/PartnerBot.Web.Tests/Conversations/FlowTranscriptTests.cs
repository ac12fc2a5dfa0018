using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Conversations;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>The flows through the real pipeline: HTTP in, the host's bot, the engine, Azurite, the recording connector.</summary>
public sealed class FlowTranscriptTests
{
    /// <summary>What a client sends for a click: the button's data merged with the card's inputs.</summary>
    private static JsonObject Click(JsonObject card, string title, IReadOnlyDictionary<string, string>? inputs = null)
    {
        var action = Nodes(card).FirstOrDefault(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title)
            ?? throw new InvalidOperationException($"No button '{title}' on the card:\n{Transcript.TextOf(card)}");
        var value = action["data"]!.DeepClone().AsObject();
        foreach (var input in Nodes(card).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true && o["value"] is not null))
        {
            value[(string)input["id"]!] = input["value"]!.DeepClone();
        }

        foreach (var (id, typed) in inputs ?? new Dictionary<string, string>())
        {
            value[id] = typed;
        }

        return value;
    }

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Nodes(kv.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };

    [Fact]
    public async Task NeedsPartnersScreening_OverHttp_SurvivesRestart()
    {
        var app = await PartnerBotFactory.CreateAsync();
        var ana = app.Transcript("Ana");

        await ana.Send("needs");
        await ana.SendSubmit(Click(ana.LastCard, "Next", new Dictionary<string, string> { ["goal"] = "Coding club", ["targetUsers"] = "Children 8-12" }));
        await ana.SendSubmit(Click(ana.LastCard, "Next", new Dictionary<string, string> { ["need-hr"] = "Volunteer coaches" }));
        await ana.SendSubmit(Click(ana.LastCard, "Finish"));
        Assert.Contains("add candidate partners for your 1 uncovered need", Transcript.TextOf(ana.LastCard), StringComparison.Ordinal);

        await ana.Send("add partner Code Club / Volunteers #1");
        await ana.SendSubmit(Click(ana.LastCard, "Add partner", new Dictionary<string, string> { ["type"] = "Nonprofit" }));
        await ana.Send("screen Code Club");
        await ana.SendSubmit(Click(ana.LastCard, "Submit ratings", new Dictionary<string, string>
        {
            ["q-Expertise"] = "4",
            ["q-StrengthsAndWeaknesses"] = "4",
            ["q-ContributionToGoals"] = "5",
            ["q-RelationshipDifficulty"] = "4",
            ["q-OpportunityCost"] = "3",
        }));
        Assert.Contains("#1 of 1 candidates", Transcript.TextOf(ana.LastCard), StringComparison.Ordinal);

        var before = ana.Cards;
        await using var restarted = await app.RestartAsync();
        var again = restarted.Transcript(ana.Identity);
        await again.Send("ranking");
        Assert.Contains("1. Code Club / Volunteers #1 — 4.0", Transcript.TextOf(again.LastCard), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(before.Concat(again.Cards).Select((c, i) => (c, i)).ToDictionary(x => $"card {x.i}", x => x.c));
    }

    [Fact]
    public async Task Help_ListsCommandsOtherPartsRegister()
    {
        await using var app = await PartnerBotFactory.CreateAsync(o => o.ConfigureServices = s =>
            s.AddSingleton<IFlow>(new OneCommand(new BotCommand("zz-extra", "An extra command from another part", CommandScopes.All), "extra ran")));
        var t = app.Transcript("Ana");

        await t.Send("help");
        Assert.Contains("zz-extra", Transcript.TextOf(t.LastCard), StringComparison.Ordinal);
        await t.Send("zz-extra now");
        Assert.Contains(t.Replies, r => r.Text == "extra ran");
    }

    [Theory]
    [InlineData("needs")]
    [InlineData("digest")]
    [InlineData("draft")]
    public async Task Startup_ACommandDeclaredTwice_StopsTheAppNamingIt(string name)
    {
        // The router is built while the app starts, not at the first clash.
        var error = Assert.IsAssignableFrom<Exception>(await PartnerBotFactory.StartupErrorAsync(o => o.ConfigureServices = s =>
            s.AddSingleton<IFlow>(new OneCommand(new BotCommand(name, "clash", CommandScopes.All), "x"))));
        Assert.Contains($"'{name}' is registered twice", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class OneCommand(BotCommand command, string answer) : IFlow
    {
        public void Register(BotRoutes routes) => routes.Command(command, (_, _) => Task.FromResult(Replies.Say(answer)));
    }
}
