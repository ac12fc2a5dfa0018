using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>
/// Everyday questions, help's buttons and the notices to a person given a role or a step, through /api/messages on the
/// real host over Azurite. Each test has a tenant of its own, so its workspace starts empty.
/// </summary>
public sealed class QuestionTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    /// <summary>Monday 11:00 in Copenhagen (the transcripts' zone): inside working hours, so messages go out at once.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The commands of the suggestion buttons in a card's body, in order.</summary>
    private static List<string> Suggested(JsonObject card) =>
        (card["body"] as JsonArray ?? [])
            .OfType<JsonObject>().Where(o => (string?)o["type"] == "ActionSet")
            .SelectMany(o => o["actions"]!.AsArray().OfType<JsonObject>())
            .Select(a => (string?)a["data"]?["command"]).OfType<string>().ToList();

    private static async Task AddPartnerAsync(Transcript t, string name, string type)
    {
        await t.Send("add partner " + name);
        await t.SendSubmit(Transcript.ClientSubmit(t.LastCard, "Add partner", new Dictionary<string, string> { ["type"] = type }));
    }

    [Fact]
    public async Task Hi_GreetsWithButtons_NotDidNotUnderstand()
    {
        var t = app.Factory.Transcript(user: "Ada Lovelace");

        await t.Send("hi");

        var card = t.AssertReplyCardContaining("Hello, Ada!");
        Assert.DoesNotContain("did not understand", Transcript.TextOf(card), StringComparison.Ordinal);
        Assert.Equal(["needs", "add partner"], Suggested(card).Take(2));
        t.AssertNoMoreReplies();
    }

    [Fact]
    public async Task Help_EmptyWorkspace_StartsWithNeedsAndAddPartner_EveryCommandOneClickAway()
    {
        var t = app.Factory.Transcript(user: "Ada");

        await t.Send("help");

        var card = t.AssertReplyCardContaining("What I can do");
        var suggested = Suggested(card);
        Assert.InRange(suggested.Count, 4, 6);
        Assert.Equal(["needs", "add partner"], suggested.Take(2));
        var all = (card["actions"] as JsonArray)!.OfType<JsonObject>().Single(a => (string?)a["title"] == "All commands");
        Assert.Equal("Action.ShowCard", (string?)all["type"]);
        foreach (var command in new[] { "help", "screen", "portfolio", "my steps", "this week", "overdue", "digest", "export" })
        {
            Assert.Contains($"\"{command}\"", all.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_WithPartners_OffersScreenAndPortfolio_AndNoLongerNeeds()
    {
        var t = app.Factory.Transcript(user: "Ada");
        await AddPartnerAsync(t, "City Museum", "CulturalInstitution");

        await t.Send("help");

        var suggested = Suggested(t.LastCard);
        Assert.InRange(suggested.Count, 4, 6);
        Assert.Equal("screen", suggested[0]);
        Assert.Contains("portfolio", suggested);
        Assert.Contains("partners", suggested);
        Assert.NotEqual("needs", suggested[1]);
    }

    [Fact]
    public async Task DidNotUnderstand_OffersFourToSixButtons_TheLikeliestFirst()
    {
        var t = app.Factory.Transcript(user: "Ada");

        await t.Send("scr stuff");

        var card = t.AssertReplyCardContaining("I did not understand that");
        var suggested = Suggested(card);
        Assert.InRange(suggested.Count, 4, 6);
        Assert.Equal("screen", suggested[0]);
        Assert.DoesNotContain("cancel", suggested);
        t.AssertNoMoreReplies();
    }

    [Fact]
    public async Task WhatsOnMyPlateThisWeek_ListsMyStepDueSoon()
    {
        var t = app.Factory.Transcript(user: "Ada");
        await AddPartnerAsync(t, "City Museum", "CulturalInstitution");
        await t.Send("contact City Museum");
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await t.SendSubmit(Transcript.ClientSubmit(t.LastCard, "Save and notify", new Dictionary<string, string>
        {
            ["lead"] = t.Identity.AadObjectId,
            ["step"] = "Call the education officer",
            ["due"] = due,
        }));

        await t.Send("what's on my plate this week?");

        var text = Transcript.TextOf(t.LastCard);
        Assert.Contains("On your plate in the next 7 days: 1 next step", text, StringComparison.Ordinal);
        Assert.Contains("Call the education officer", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhoHaventWeTalkedToInAMonth_ListsTheQuietPartners()
    {
        var t = app.Factory.Transcript(user: "Ada");
        await AddPartnerAsync(t, "City Museum", "CulturalInstitution");

        await t.Send("who haven't we talked to in a month?");

        var text = Transcript.TextOf(t.LastCard);
        Assert.Contains("No contact logged in the last 30 days (1)", text, StringComparison.Ordinal);
        Assert.Contains("City Museum", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowMeTheUniversity_ShowsThatPartner()
    {
        var t = app.Factory.Transcript(user: "Ada");
        await AddPartnerAsync(t, "City Museum", "CulturalInstitution");
        await AddPartnerAsync(t, "Riverside University", "UniversityOrResearch");
        var seen = t.Replies.Count;

        await t.Send("show me the university");

        var reply = Assert.Single(t.Replies.Skip(seen));
        var text = Transcript.TextOf(Assert.Single(Transcript.CardsOf(reply)));
        Assert.Contains("Riverside University", text, StringComparison.Ordinal);
        Assert.DoesNotContain("City Museum", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleAndHandOver_ThePersonIsToldWhoDidIt()
    {
        var clock = new FakeTimeProvider(Monday);
        await using var host = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["FollowThrough:RunBackgroundService"] = "false";
            o.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
        });
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = host.Transcript("Ada", tenant);
        var bob = host.Transcript("Bob", tenant);
        await ada.Send("help");
        await bob.Send("help");
        var bobSeen = bob.Replies.Count;

        await ada.Send("role Bob manager");
        Assert.Contains("Bob is now a manager", ada.Replies[^1].Text, StringComparison.Ordinal);

        await AddPartnerAsync(ada, "City Museum", "CulturalInstitution");
        await ada.Send("contact City Museum");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save and notify", new Dictionary<string, string>
        {
            ["lead"] = ada.Identity.AadObjectId,
            ["step"] = "Send the exhibition proposal",
            ["due"] = "2026-12-01",
        }));
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Hand over", new Dictionary<string, string> { ["assignee"] = bob.Identity.AadObjectId }));
        Assert.Contains("Handed over to Bob", ada.Replies[^1].Text, StringComparison.Ordinal);

        await host.Services.GetRequiredService<OutboxDispatcher>().DrainAsync(default);

        var toBob = bob.Replies.Skip(bobSeen).ToList();
        Assert.Contains(toBob, r => r.Text?.Contains("Ada made you a manager", StringComparison.Ordinal) == true);
        var notice = toBob.FindIndex(r => r.Text?.Contains("Ada handed a next step for City Museum over to you", StringComparison.Ordinal) == true);
        Assert.True(notice >= 0, "Bob is told who handed the step over:\n" + string.Join('\n', toBob.Select(r => r.Text ?? Transcript.TextOf(r.Attachments?[0].Content))));
        Assert.Contains(toBob.Skip(notice), r => Transcript.CardsOf(r).Any(c => Transcript.TextOf(c).Contains("Send the exhibition proposal", StringComparison.Ordinal)));
    }
}
