using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

/// <summary>The everyday questions answered end to end, and the buttons help, the welcome and a puzzled answer offer.</summary>
public class QuestionsFlowTests
{
    private static (TestBot Bot, Transcript Ana, Transcript Ben, WorkspaceKey Ws) Start(string tenant)
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        return (bot, bot.Talk(tenant, "u1", "Ana Berg"), bot.Talk(tenant, "u2", "Ben"), WorkspaceKey.DefaultFor(tenant));
    }

    /// <summary>The commands of the suggestion buttons on a card's body, in order.</summary>
    private static List<string> Suggested(JsonObject card) =>
        (card["body"] as JsonArray ?? [])
            .OfType<JsonObject>().Where(o => (string?)o["type"] == "ActionSet")
            .SelectMany(o => o["actions"]!.AsArray().OfType<JsonObject>())
            .Select(a => (string?)a["data"]?["command"]).OfType<string>().ToList();

    private static JsonObject? AllCommands(JsonObject card) =>
        (card["actions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(a => (string?)a["title"] == "All commands")?["card"] as JsonObject;

    [Fact]
    public async Task Hi_GreetsByFirstName_WithButtonsForAnEmptyWorkspace()
    {
        var (_, ana, _, _) = Start("t-q-hi");

        await ana.SayAsync("hi");

        Assert.Contains("Hello, Ana!", ana.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("did not understand", ana.Text, StringComparison.Ordinal);
        var suggested = Suggested(ana.LastCard);
        Assert.Equal(["needs", "add partner"], suggested.Take(2));
        Assert.InRange(suggested.Count, 4, 6);
    }

    [Fact]
    public async Task Thanks_SaysYoureWelcome()
    {
        var (_, ana, _, _) = Start("t-q-thanks");

        await ana.SayAsync("thanks a lot!");

        Assert.StartsWith("You're welcome", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_EmptyWorkspace_StartsWithNeedsAndAddPartner_FullListOneClickAway()
    {
        var (bot, ana, _, _) = Start("t-q-help-empty");

        await ana.SayAsync("help");

        var card = ana.LastCard;
        var suggested = Suggested(card);
        Assert.Equal(["needs", "add partner"], suggested.Take(2));
        Assert.InRange(suggested.Count, 4, 6);
        var all = AllCommands(card)!.ToJsonString();
        foreach (var command in bot.Engine.AvailableCommands)
        {
            Assert.Contains($"\"{command.Name}\"", all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_WithPartners_OffersScreeningRankingAndPortfolio_NotTheFirstSteps()
    {
        var (_, ana, _, _) = Start("t-q-help-partners");
        await ana.CompleteNeedsAsync();
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.AddPartnerAsync("Riverside University", type: "UniversityOrResearch");
        await ana.ScreenAsync("City Museum", 4, 4, 4, 4, 4);

        await ana.SayAsync("help");

        var suggested = Suggested(ana.LastCard);
        Assert.InRange(suggested.Count, 4, 6);
        Assert.Equal("screen", suggested[0]);
        Assert.Contains("ranking", suggested);
        Assert.Contains("portfolio", suggested);
        Assert.DoesNotContain("needs", suggested);
    }

    [Fact]
    public async Task Welcome_HasWhereToStartButtons_FromTheWorkspace()
    {
        var (bot, ana, _, _) = Start("t-q-welcome");

        var replies = await bot.Engine.OnInstalledAsync(ana.User, null, CancellationToken.None);

        var card = Assert.IsType<CardReply>(Assert.Single(replies)).Card.ToJson();
        Assert.Contains("Welcome, Ana Berg", Transcript.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Contains("Where to start", Transcript.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Equal(["needs", "add partner"], Suggested(card).Take(2));
    }

    [Theory]
    [InlineData("scr stuff")]
    [InlineData("I'd like to scr")]
    public async Task DidNotUnderstand_OffersTheLikeliestCommandsFirst(string text)
    {
        var (_, ana, _, _) = Start("t-q-puzzled-" + text.Length);
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");

        await ana.SayAsync(text);

        Assert.Contains("did not understand", ana.Text, StringComparison.Ordinal);
        var suggested = Suggested(ana.LastCard);
        Assert.InRange(suggested.Count, 4, 6);
        Assert.Equal("screen", suggested[0]);
        Assert.Equal(suggested.Count, suggested.Distinct().Count());
    }

    [Fact]
    public async Task DidNotUnderstand_Nonsense_StillOffersAFewButtons_NotTheWholeList()
    {
        var (bot, ana, _, _) = Start("t-q-nonsense");

        await ana.SayAsync("qwzx blorp");

        var suggested = Suggested(ana.LastCard);
        Assert.InRange(suggested.Count, 4, 6);
        Assert.True(bot.Engine.AvailableCommands.Count > 6);
    }

    [Fact]
    public async Task WhatsOnMyPlate_ListsMyStepsDueThisWeek_AndOverdue()
    {
        var (bot, ana, _, _) = Start("t-q-plate");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.AddPartnerAsync("Riverside University", type: "UniversityOrResearch");
        await ana.SayAsync("contact City Museum");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u1", ["step"] = "Call the education officer", ["due"] = "2026-11-25" });
        await ana.SayAsync("contact Riverside University");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u1", ["step"] = "Send the proposal", ["due"] = "2027-01-15" });
        bot.Time.Advance(TimeSpan.FromDays(3));

        await ana.SayAsync("what's on my plate this week?");

        Assert.Contains("On your plate in the next 7 days: 1 next step, 1 overdue", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Call the education officer", ana.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Send the proposal", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_ListsEveryonesLateSteps_WithWhoHasThem()
    {
        var (bot, ana, ben, _) = Start("t-q-overdue");
        await ben.SayAsync("help");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("contact City Museum");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u2", ["step"] = "Book the room", ["due"] = "2026-11-24" });
        await ana.SayAsync("whats overdue?");
        Assert.Contains("Nothing is overdue", ana.Text, StringComparison.Ordinal);

        bot.Time.Advance(TimeSpan.FromDays(3));
        await ana.SayAsync("what's overdue");

        Assert.Contains("Overdue: 1 next step", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Book the room — Ben, due 24 Nov 2026 (2 days late)", ana.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("which partners are stale")]
    [InlineData("who haven't we talked to in a month?")]
    public async Task QuietPartners_ListsOnlyThoseWithoutRecentContact(string question)
    {
        var (bot, ana, _, ws) = Start("t-q-stale-" + question.Length);
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.AddPartnerAsync("Youth Services");
        var museum = (await ((IPartnerStore)bot.Stores).ListAsync(ws, default)).Single(p => p.Name == "City Museum");
        await ((IPartnerHistoryStore)bot.Stores).SaveInteractionAsync(ws, new Interaction { Id = "i1", PartnerId = museum.Id, UserId = "u1", Summary = "Coffee", OccurredAt = bot.Time.GetUtcNow().AddDays(-3) }, default);

        await ana.SayAsync(question);

        Assert.Contains("No contact logged in the last 30 days (1)", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Youth Services", ana.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("City Museum", ana.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("show me the university")]
    [InlineData("open the univ")]
    [InlineData("screen the univ")]
    public async Task OneWordOfAName_FindsThePartner(string text)
    {
        var (_, ana, _, _) = Start("t-q-show-" + text.Length);
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.AddPartnerAsync("Riverside University", type: "UniversityOrResearch");

        await ana.SayAsync(text);

        Assert.Contains("Riverside University", ana.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("did not understand", ana.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("found no partner", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartlyUnderstood_SaysWhatWasNotUsed_ThenAnswers()
    {
        var (_, ana, _, _) = Start("t-q-partly");
        await ana.AddPartnerAsync("Riverside University", type: "UniversityOrResearch");

        var replies = await ana.SayAsync("show me the university for the budget meeting");

        Assert.Contains("did not use \"budget meeting\"", Transcript.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.Contains("Riverside University", Transcript.TextOf(replies[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoversAndGaps_AnswerFromNeedCoverage()
    {
        var (bot, ana, _, ws) = Start("t-q-covers");
        await ana.CompleteNeedsAsync();
        var needs = (await ((INeedsAssessmentStore)bot.Stores).ListAsync(ws, default)).Single().Needs;
        var laptops = needs.Single(n => n.Description.StartsWith("Laptops", StringComparison.Ordinal));
        await ana.AddPartnerAsync("Tech Library Friends", type: "Nonprofit", needs: laptops.Id);

        await ana.SayAsync("which partners cover laptops?");
        Assert.Contains("Tech Library Friends (identified)", ana.Text, StringComparison.Ordinal);

        await ana.SayAsync("which needs have no partner?");
        Assert.Contains("Career trainers", ana.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Laptops", ana.Text, StringComparison.Ordinal);

        await ana.SayAsync("which partners cover the bookmobile");
        Assert.Contains("No need mentions \"bookmobile\"", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContactFor_NamesTheLeadAndWhoNamedThem()
    {
        var (_, ana, ben, _) = Start("t-q-contact-for");
        await ben.SayAsync("help");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("who is the contact for the museum?");
        Assert.Contains("Nobody is the contact for City Museum yet", ana.Text, StringComparison.Ordinal);

        await ana.SayAsync("contact City Museum");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u2", ["step"] = "Call", ["due"] = "2026-12-01" });
        await ana.SayAsync("who's the contact for city musuem");

        Assert.Contains("The contact for City Museum is Ben.", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Ana Berg on 23 Nov 2026", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HowIs_GivesStageLastContactAndNextStep()
    {
        var (bot, ana, _, ws) = Start("t-q-how");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        var museum = (await ((IPartnerStore)bot.Stores).ListAsync(ws, default)).Single();
        await ((IPartnerHistoryStore)bot.Stores).SaveInteractionAsync(ws, new Interaction { Id = "i1", PartnerId = museum.Id, UserId = "u1", Summary = "Coffee with the curator", OccurredAt = bot.Time.GetUtcNow().AddDays(-4) }, default);

        await ana.SayAsync("how is the museum doing?");

        Assert.Contains("How City Museum is doing", ana.Text, StringComparison.Ordinal);
        Assert.Contains("Identified", ana.Text, StringComparison.Ordinal);
        Assert.Contains("(4 days ago): Coffee with the curator", ana.Text, StringComparison.Ordinal);
        Assert.Contains("none open", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatChanged_ListsNewPartnersAndContacts()
    {
        var (bot, ana, _, _) = Start("t-q-changes");
        await ana.SayAsync("what changed this week?");
        Assert.Contains("Nothing changed in the last 7 days", ana.Text, StringComparison.Ordinal);

        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        bot.Time.Advance(TimeSpan.FromDays(1));
        await ana.SayAsync("what changed this week?");

        Assert.Contains("New partners", ana.Text, StringComparison.Ordinal);
        Assert.Contains("City Museum", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_ThePersonIsToldWhoGaveItAndWhatItMeans()
    {
        var (bot, ana, ben, _) = Start("t-q-role");
        await ana.SayAsync("help");
        await ben.SayAsync("help");

        await ana.SayAsync("role Ben manager");

        Assert.Contains("Ben is now a manager", ana.Text, StringComparison.Ordinal);
        var sent = Assert.Single(bot.Stores.Sent);
        Assert.Equal("u2", sent.UserId);
        Assert.Contains("Ana Berg made you a manager", Transcript.TextOf(sent.Replies[0]), StringComparison.Ordinal);
        Assert.Contains("weekly digest", Transcript.TextOf(sent.Replies[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Role_RefusedChange_TellsNobody()
    {
        var (bot, ana, ben, _) = Start("t-q-role-refused");
        await ana.SayAsync("help");
        await ben.SayAsync("help");

        await ben.SayAsync("role Ana staff");

        Assert.Contains("Only a workspace admin", ben.Text, StringComparison.Ordinal);
        Assert.Empty(bot.Stores.Sent);
    }

    [Fact]
    public async Task HandOver_TheNewAssigneeIsToldWhoHandedItOver()
    {
        var (bot, ana, ben, _) = Start("t-q-handover");
        await ben.SayAsync("help");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("contact City Museum");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u1", ["step"] = "Visit them", ["due"] = "2026-12-01" });

        await ana.ClickAsync("Hand over", new Dictionary<string, string> { ["assignee"] = "u2" });

        var sent = bot.Stores.Sent.Last();
        Assert.Equal("u2", sent.UserId);
        Assert.Contains("Ana Berg handed a next step for City Museum over to you", Transcript.TextOf(sent.Replies[0]), StringComparison.Ordinal);
        Assert.Contains("Visit them", Transcript.TextOf(sent.Replies[1]), StringComparison.Ordinal);
    }
}
