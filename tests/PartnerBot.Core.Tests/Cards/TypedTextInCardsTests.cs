using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Propositions;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Cards;

/// <summary>
/// Names, notes and other text people type (and display names from Teams) go through the real flows into every
/// card that shows them, and must come out as the same characters: no links, images, emphasis, headings or mentions.
/// </summary>
public class TypedTextInCardsTests
{
    private const string PartnerName = "[Win a prize](https://evil.example) **now** ![x](https://evil.example/p.png) <at>PartnerBot</at> # Heading";
    private const string Notes = "# Notes heading\n- **bold** item\n1. first\n> quoted [link](https://evil.example)\n    indented code\n<at>PartnerBot</at> _i_ `c`";
    private const string AdminName = "- **Eve** [Ana](https://evil.example) <at>Eve</at>";
    private const string StaffName = "1. Mallory _x_ ![p](https://evil.example/m.png)";
    private const string Goal = "## Goal **now** [x](https://evil.example)";
    private const string NeedText = "> Laptops ![img](https://evil.example/l.png) ~~old~~";
    private const string StepText = "# Call [them](https://evil.example) **today** <at>Ana</at>";
    private const string Why = "* because `they` said so";
    private const string StageReason = "=== [agreed](https://evil.example) ===";
    private const string Role = "| the | library | runs **workshops** [x](https://evil.example)";
    private const string ChannelName = "# General **news** [x](https://evil.example)";

    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-literal");

    [Fact]
    public async Task TypedText_ShowsLiterallyOnEveryCard()
    {
        var cards = await CardsFromTheFlowsAsync();

        var fields = cards.SelectMany(c => CommonMark.MarkdownFields(c.Card).Select(f => (c.Name, Field: f))).ToList();
        var html = await CommonMark.RenderAsync(fields.Select(f => f.Field).ToList());
        var rendered = fields.Zip(html, (f, h) => (f.Name, f.Field, Html: h)).ToList();

        foreach (var (name, field, h) in rendered)
        {
            // The ideas card's own Markdown puts the idea in bold; nothing typed may add any.
            var allowed = name == "ideas" ? ["<strong"] : Array.Empty<string>();
            var formatting = CommonMark.FormattingTags.Except(allowed).Where(tag => h.Contains(tag, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(formatting.Count == 0, $"{name}: \"{field}\" renders as {string.Join(", ", formatting)}: {h}");
        }

        AssertShown(rendered, PartnerName, "partner added", "partner card", "partner list", "screening form", "screening result", "assessment form",
            "assessment result", "ranking", "contact form", "next-step prompt", "my steps", "formalise form", "digest", "nudge", "health check", "draft");
        AssertShown(rendered, Notes.Split('\n')[0], "partner card");
        AssertShown(rendered, AdminName, "welcome", "members", "partner card", "digest");
        AssertShown(rendered, StaffName, "members", "digest");
        AssertShown(rendered, Goal, "needs summary", "digest");
        AssertShown(rendered, NeedText, "needs summary", "portfolio", "digest", "ideas");
        AssertShown(rendered, StepText, "next-step prompt", "my steps", "partner card", "nudge");
        AssertShown(rendered, Why, "next-step prompt");
        AssertShown(rendered, StageReason, "partner card");
        AssertShown(rendered, ChannelName, "follow-up settings");
        AssertShown(rendered, Role, "draft");
    }

    [Fact]
    public async Task TypedText_CardJsonCarriesTheEscapedForm()
    {
        var cards = await CardsFromTheFlowsAsync();

        var partnerCard = cards.Single(c => c.Name == "partner card").Card.ToJsonString();
        Assert.Contains(Json(Markdown.Escape(PartnerName)), partnerCard, StringComparison.Ordinal);
        Assert.Contains(Json("\\[Win a prize\\](https://evil.example) \\*\\*now\\*\\* !\\[x\\](https://evil.example/p.png) \\<at>PartnerBot\\</at> # Heading"), partnerCard, StringComparison.Ordinal);
        Assert.Contains(Json("\\# Notes heading\n\\- \\*\\*bold\\*\\* item\n1\\. first\n\\> quoted"), partnerCard, StringComparison.Ordinal);
        Assert.Contains(Json(Markdown.Escape(AdminName)), partnerCard, StringComparison.Ordinal);
        foreach (var (name, card) in cards)
        {
            Assert.DoesNotContain(CommonMark.MarkdownFields(card), f => f.Contains(PartnerName, StringComparison.Ordinal));
        }

        // Where the text is an input's value or a choice, it is not Markdown and stays as typed.
        var form = cards.Last(c => c.Name == "partner form").Card;
        Assert.Contains(Transcript.Inputs(form), i => i is { Id: "name", Value: PartnerName });
        Assert.Contains(Transcript.Inputs(form), i => i is { Id: "notes", Value: Notes });
    }

    private static void AssertShown(List<(string Name, string Field, string Html)> rendered, string literal, params string[] cardNames)
    {
        foreach (var cardName in cardNames)
        {
            var visible = rendered.Where(r => r.Name == cardName).Select(r => CommonMark.VisibleText(r.Html)).ToList();
            Assert.True(visible.Count > 0, $"No card named {cardName}.");
            Assert.True(visible.Any(v => v.Contains(literal, StringComparison.Ordinal)), $"{cardName} does not show \"{literal}\" as typed:\n{string.Join('\n', visible)}");
        }
    }

    private static string Json(string text) => JsonValue.Create(text).ToJsonString()[1..^1];

    internal static async Task<List<(string Name, JsonObject Card)>> CardsFromTheFlowsAsync()
    {
        var cards = new List<(string Name, JsonObject Card)>();
        var bot = new TestBot();
        var admin = bot.Talk(Ws.TenantId, "u1", AdminName);
        var staff = bot.Talk(Ws.TenantId, "u2", StaffName);

        void Take(string name, Transcript t) => cards.AddRange(t.Last.OfType<CardReply>().Select(c => (name, c.Card.ToJson())));

        cards.AddRange((await bot.Engine.OnInstalledAsync(admin.User, null, CancellationToken.None)).OfType<CardReply>().Select(c => ("welcome", c.Card.ToJson())));
        await staff.SayAsync("help");

        await admin.SayAsync("needs");
        await admin.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = Goal, ["targetUsers"] = "Adults looking for work", ["usersConsulted"] = "true" });
        await admin.ClickAsync("Next", new Dictionary<string, string> { ["need-tech"] = NeedText, ["priority-tech"] = "High", ["need-hr"] = "Career trainers" });
        await admin.ClickAsync("Finish", new Dictionary<string, string> { ["offers"] = "Rooms and space,Trust" });
        await admin.SayAsync("needs summary");
        Take("needs summary", admin);

        await admin.SayAsync("add partner");
        await admin.ClickAsync("Add partner", new Dictionary<string, string> { ["name"] = PartnerName, ["type"] = "Nonprofit", ["notes"] = Notes });
        Take("partner added", admin);
        var partner = Assert.Single(await ((IPartnerStore)bot.Stores).ListAsync(Ws, CancellationToken.None));
        Assert.Equal(PartnerName, partner.Name);

        await admin.ClickAsync("Screen");
        Take("screening form", admin);
        await admin.ClickAsync("Submit ratings", Steps.Ratings(5, 4, 5, 4, 5));
        Take("screening result", admin);
        await admin.ClickAsync("Detailed assessment");
        Take("assessment form", admin);
        await admin.ClickAsync("Submit assessment", Steps.AssessmentInputs(5, 5));
        Take("assessment result", admin);
        await admin.SayAsync("ranking");
        Take("ranking", admin);
        await admin.SayAsync("portfolio");
        Take("portfolio", admin);

        await admin.ClickAsync("Name a contact");
        Take("contact form", admin);
        await admin.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u1", ["team"] = "u2", ["step"] = StepText, ["due"] = "2026-12-01", ["why"] = Why });
        Take("next-step prompt", admin);
        cards.AddRange(bot.Stores.Sent.SelectMany(s => s.Replies).OfType<CardReply>().Select(c => ("next-step prompt", c.Card.ToJson())));
        await admin.SayAsync("my steps");
        Take("my steps", admin);

        await admin.ClickAsync("Formalise");
        Take("formalise form", admin);
        await admin.ClickAsync("Save agreement", new Dictionary<string, string> { ["libraryRole"] = Role, ["partnerRole"] = "Teaches", ["cadence"] = "Monthly" });
        await admin.ClickAsync("Change stage");
        await admin.ClickAsync("Change stage", new Dictionary<string, string> { ["stage"] = "Active", ["reason"] = StageReason });

        await admin.SayAsync("partners");
        Take("partner list", admin);
        await admin.ClickAsync("Open");
        Take("partner card", admin);
        await admin.ClickAsync("Edit");
        Take("partner form", admin);
        await admin.SayAsync("members");
        Take("members", admin);

        // What the scheduled jobs send, built from the same stored data.
        var stored = Assert.Single(await ((IPartnerStore)bot.Stores).ListAsync(Ws, CancellationToken.None));
        var pipeline = await ((IPipelineStore)bot.Stores).ReadAsync(Ws, CancellationToken.None);
        var workspace = (await ((IWorkspaceStore)bot.Stores).GetAsync(Ws, CancellationToken.None))!.Value;
        var members = await ((IMemberStore)bot.Stores).ListAsync(Ws, CancellationToken.None);
        var today = new DateOnly(2026, 12, 20);
        var digest = DigestBuilder.Build(new DigestInput
        {
            Workspace = workspace,
            Partners = pipeline.Partners,
            Histories = pipeline.Histories,
            NeedsAssessments = await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, CancellationToken.None),
            Members = members,
            UnreachableUserIds = ["u2"],
            WeekStart = bot.Time.GetUtcNow().AddDays(-1),
            Today = today,
            Week = "2026-W51",
        });
        cards.Add(("digest", DigestCard.Build(digest, RuleBasedDigestNarrator.Narrate(DigestNarrative.ToFacts(digest))).ToJson()));
        var causes = NudgeRules.Evaluate(new PartnerFacts { Partner = stored, History = pipeline.Histories[stored.Id] }, NudgeSettings.Default, today, TimeZoneInfo.Utc);
        Assert.NotEmpty(causes);
        cards.AddRange(causes.Select(c => ("nudge", NudgeCard.Build(new NudgeView(c, stored.Stage, null, 1)).ToJson())));
        cards.Add(("health check", HealthCheckCard.Build(stored.Id, stored.Name).ToJson()));
        cards.Add(("follow-up settings", WorkspaceSettingsCard.Build(NudgeSettings.Default, new DigestSettings { ChannelName = ChannelName, ChannelConversationId = "19:general", ChannelServiceUrl = "https://smba.example/" }).ToJson()));

        // The language cards: a colleague's note and an uncovered need, whatever the drafter or the ideas say.
        cards.Add(("draft", DraftCard.Build(stored.Name, new Draft("Dear partner", FromModel: false), [Role]).ToJson()));
        var need = (await ((INeedsAssessmentStore)bot.Stores).ListAsync(Ws, CancellationToken.None)).SelectMany(a => a.Needs).First(n => n.Description == NeedText);
        cards.Add(("ideas", IdeasCard.Build([(need, [new PartnerIdea(PartnerType.UniversityOrResearch, "universities", "They lend kit.")])], 1).ToJson()));
        return cards;
    }
}
