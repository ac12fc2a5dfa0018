using System.Reflection;
using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Cards.Workspaces;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Cards;

/// <summary>
/// A choice's value is an identifier, never display text: a multi-select submits its values joined by commas, so a
/// value with a comma in it can never be read back.
/// </summary>
public class ChoiceValuesTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-choices");

    /// <summary>Every card builder whose card has a choice set: each is built and its choices checked below.</summary>
    private static readonly string[] WithChoices =
    [
        "NeedsCards.Step", "NeedsCards.NeedsCard", "NeedsCards.OffersCard", "PartnerCards.Form", "PartnerCards.StageForm",
        "ContactCards.Form", "ContactCards.Prompt", "FormaliseCards.Form", "ScreeningCards.Form", "AssessmentCards.Form",
        "MembersCard.Build", "HealthCheckCard.Build", "HealthCheckCard.EditForm", "WorkspaceSettingsCard.Build", "NudgeSettingsCard.Build", "LibraryCard.Build",
        "IntroductionCards.OutcomeForm",
    ];

    /// <summary>Builders without a choice set that sit in a card class whose source builds choice sets.</summary>
    private static readonly string[] WithoutChoices =
    [
        "NeedsCards.GoalCard", "NeedsCards.Summary", "PartnerCards.View", "PartnerCards.List", "ScreeningCards.Result",
        "AssessmentCards.Result", "HealthCheckCard.Saved", "LibraryCard.Saved",
        "IntroductionCards.Overview", "IntroductionCards.RecordForm",
    ];

    /// <summary>
    /// A card class whose source builds a choice set must name each of its builders in one of the lists above, so its
    /// choices are checked; a card with no choices at all (most one-card flows' result cards) needs no entry.
    /// </summary>
    [Fact]
    public void EveryCardBuilderThatMayHaveChoices_IsWalkedOrKnownToHaveNone()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(RepoRoot(), "src", "PartnerBot.Core"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var builders = typeof(AdaptiveCard).Assembly.GetTypes()
            .Where(t => sources.Any(s => s.Contains($"class {t.Name}", StringComparison.Ordinal) && BuildsChoices(s)))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(AdaptiveCard)).Select(m => $"{t.Name}.{m.Name}"))
            .Distinct()
            .Order(StringComparer.Ordinal);

        Assert.Equal(WithChoices.Concat(WithoutChoices).Order(StringComparer.Ordinal), builders);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PartnerBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PartnerBot.sln not found above " + AppContext.BaseDirectory);
    }

    private static bool BuildsChoices(string source) =>
        source.Contains("ChoiceSetInput", StringComparison.Ordinal) || source.Contains("Buttons.Rating(", StringComparison.Ordinal) || source.Contains("NamedChoices", StringComparison.Ordinal);

    [Fact]
    public async Task EveryBuiltInChoice_IsAnIdentifier()
    {
        var choiceSets = ChoiceSets(await CardsWithChoicesAsync()).ToList();

        // One choice set of each card named in WithChoices.
        Assert.Empty(new[]
        {
            "priority-tech", "weight-" + Assessment.AssessmentScoring.DefaultCriteria[0].Id, "offers", "type", "sector", "clusters", "needs", "relationship",
            "stage", "lead", "team", "assignee", "cadence", "recommendation", "member", "role", "disabledKinds", "digestDay", "digestHour",
            "workingDays", "mutedKinds", "outcome", LibraryCard.ZoneInput, NudgeSettingsCard.ZoneInput, HealthCheckCard.InputId(HealthCheckCard.Questions[0].Question),
        }.Except(choiceSets.Select(c => c.Id)));
        Assert.Contains(choiceSets, c => c.Card.StartsWith("Screen", StringComparison.Ordinal));
        foreach (var (card, id, _, values) in choiceSets)
        {
            Assert.NotEmpty(values);
            foreach (var value in values)
            {
                // A time zone's value is its IANA id ("America/Argentina/Buenos_Aires"): single-select, never joined by commas.
                var isZone = id is LibraryCard.ZoneInput or NudgeSettingsCard.ZoneInput && (value == ZoneChoices.FollowTeams || TimeZones.Find(value) is not null);
                Assert.True(NamedChoices.IsIdentifier(value) || isZone, $"{card}: choice \"{value}\" of \"{id}\" is not an identifier.");
                Assert.DoesNotContain(",", value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task EveryMultiSelect_WithAllChoicesTicked_ReadsBackAsTheSameSet()
    {
        var multiSelects = ChoiceSets(await CardsWithChoicesAsync()).Where(c => c.IsMultiSelect).ToList();

        Assert.Contains(multiSelects, c => c.Id == "offers");
        foreach (var (card, id, _, values) in multiSelects)
        {
            var reader = new SubmitReader(new JsonObject { [id] = string.Join(',', values) });

            var read = reader.List(id, id, values, maxItems: values.Count);

            Assert.True(reader.IsValid, $"{card} \"{id}\": {reader.ProblemText}");
            Assert.Equal(values.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void MultiSelect_WithACommaInAValue_RefusesToBuild()
    {
        var card = new AdaptiveCard { Body = { new ChoiceSetInput { Id = "x", IsMultiSelect = true, Choices = [new Choice("A, B", "a,b")] } } };

        Assert.Throws<InvalidOperationException>(() => card.ToJson());
    }

    /// <summary>Each card with a choice set, built through the real flows, plus the ones the scheduled jobs and commands of the host build.</summary>
    private static async Task<List<(string Name, JsonObject Card)>> CardsWithChoicesAsync()
    {
        var bot = new TestBot();
        var admin = bot.Talk(Ws.TenantId, "u1", "Ana");
        var staff = bot.Talk(Ws.TenantId, "u2", "Bo");
        await staff.SayAsync("help");
        await admin.CompleteNeedsAsync();
        await admin.AddPartnerAsync("Job Centre");
        await admin.ClickAsync("Screen");
        await admin.ClickAsync("Submit ratings", Steps.Ratings(5, 4, 5, 4, 5));
        await admin.ClickAsync("Detailed assessment");
        await admin.ClickAsync("Submit assessment", Steps.AssessmentInputs(5, 5));
        await admin.ClickAsync("Name a contact");
        await admin.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u1", ["team"] = "u2", ["step"] = "Call them", ["due"] = "2026-12-01" });
        await admin.ClickAsync("Formalise");
        await admin.ClickAsync("Change stage");
        await admin.SayAsync("partners");
        await admin.ClickAsync("Open");
        await admin.ClickAsync("Edit");
        await admin.SayAsync("members");
        var partner = Assert.Single(await ((IPartnerStore)bot.Stores).ListAsync(Ws, CancellationToken.None));

        var cards = admin.Cards.Select(c => ("flow", c))
            .Concat(bot.Stores.Sent.SelectMany(s => s.Replies).OfType<CardReply>().Select(c => ("sent", c.Card.ToJson())))
            .ToList();
        cards.Add(("members", MembersCard.Build(await ((IMemberStore)bot.Stores).ListAsync(Ws, CancellationToken.None), callerIsAdmin: true).ToJson()));
        cards.Add(("health check", HealthCheckCard.Build(partner.Id, partner.Name).ToJson()));
        var check = new Core.FollowThrough.HealthCheck { Id = "h1", PartnerId = partner.Id, UserId = "u1", Scores = new Dictionary<Core.FollowThrough.HealthQuestion, int> { [Core.FollowThrough.HealthQuestion.Progress] = 3 }, SubmittedAt = bot.Time.GetUtcNow() };
        cards.Add(("health check edit", HealthCheckCard.EditForm(partner.Name, check, "W/\"1\"").ToJson()));
        cards.Add(("follow-up settings", WorkspaceSettingsCard.Build(NudgeSettings.Default, new DigestSettings()).ToJson()));
        cards.Add(("nudges", NudgeSettingsCard.Build(new DeliveryPreferences(), "Europe/Copenhagen", null, bot.Time.GetUtcNow()).ToJson()));
        var workspace = (await ((IWorkspaceStore)bot.Stores).GetAsync(Ws, CancellationToken.None))!;
        cards.Add(("library", LibraryCard.Build(workspace, TimeZoneInfo.Utc, bot.Time.GetUtcNow()).ToJson()));
        var introduction = new Core.Introductions.Introduction { Id = "i1", FirstPartnerId = partner.Id, SecondPartnerId = "p2", Reason = "Both teach.", IntroducedOn = new DateOnly(2026, 11, 2), RecordedByUserId = "u1", RecordedAt = bot.Time.GetUtcNow() };
        cards.Add(("introduction outcome", Core.Cards.Introductions.IntroductionCards.OutcomeForm(introduction, "W/\"1\"", partner, null).ToJson()));
        return cards;
    }

    private static IEnumerable<(string Card, string Id, bool IsMultiSelect, List<string> Values)> ChoiceSets(IEnumerable<(string Name, JsonObject Card)> cards)
    {
        foreach (var (name, card) in cards)
        {
            foreach (var set in Nodes(card).Where(n => (string?)n["type"] == "Input.ChoiceSet"))
            {
                var title = (string?)card["fallbackText"] ?? name;
                var values = set["choices"]!.AsArray().Select(c => (string)c!["value"]!).ToList();
                yield return (title, (string)set["id"]!, (bool?)set["isMultiSelect"] == true, values);
            }
        }
    }

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Nodes(kv.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };
}
