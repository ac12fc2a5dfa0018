using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Cards.Partners;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Activities;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;
using PartnerBot.Web.FollowThrough.Delivery;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Web.Tests.Bot;

/// <summary>
/// Card buttons as Teams Universal Actions, through /api/messages over Azurite: what replaces the card clicked, what is
/// updated for everyone in a group, and the channel digest's per-manager refresh.
/// </summary>
public sealed class UniversalActionsTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    private const string CardType = "application/vnd.microsoft.card.adaptive";
    private const string MessageType = "application/vnd.microsoft.activity.message";
    private const string ChannelId = "19:partnerships@thread.tacv2";

    /// <summary>Monday 11:00 in Copenhagen (the transcripts' zone).</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task FormInvoke_ReturnsItsResultCardAsTheResponse_AndNoFormIsLeft()
    {
        var t = app.Factory.Transcript("Ana");
        await t.Send("add partner Code Club");
        var form = t.LastCard;
        var sent = t.Replies.Count;

        var (status, body) = await t.SendExecute(form, "Add partner", new Dictionary<string, string> { ["type"] = "Nonprofit" }, replyToId: "1:form");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((200, CardType), ((int?)body?["statusCode"], (string?)body?["type"]));
        var replacement = body!["value"]!.AsObject();
        Assert.Contains("Code Club", Transcript.TextOf(replacement), StringComparison.Ordinal);
        Assert.DoesNotContain(Objects(replacement), o => (string?)o["verb"] == PartnerCards.SaveAction);
        // The result is the response; it is not posted a second time, and no new copy of the form appears.
        Assert.DoesNotContain(t.Replies.Skip(sent).SelectMany(Transcript.CardsOf), c => Objects(c).Any(o => (string?)o["verb"] == PartnerCards.SaveAction));
        Assert.DoesNotContain(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == t.Identity.ConversationId);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["form result"] = replacement });
    }

    [Fact]
    public async Task CancelInvoke_ReplacesTheFormWithACardSayingSo()
    {
        var t = app.Factory.Transcript("Ana");
        await t.Send("add partner Museum of Light");
        var sent = t.Replies.Count;

        var (_, body) = await t.SendExecute(t.LastCard, "Cancel");

        Assert.Equal(CardType, (string?)body?["type"]);
        var replacement = body!["value"]!.AsObject();
        Assert.Contains("Cancelled", Transcript.TextOf(replacement), StringComparison.Ordinal);
        Assert.DoesNotContain(Objects(replacement), o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true);
        Assert.Equal(sent, t.Replies.Count);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["cancel result"] = replacement });
    }

    [Fact]
    public async Task NavigationInvoke_LeavesTheCard_AndItsResultArrivesAsANewMessage()
    {
        var t = app.Factory.Transcript("Ana");
        await t.Send("help");
        var help = t.LastCard;
        var command = Objects(help).First(o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == CardActions.Command);
        var sent = t.Replies.Count;

        var (_, body) = await t.SendExecute(help, (string)command["title"]!, replyToId: "1:help");

        Assert.Equal((200, MessageType), ((int?)body?["statusCode"], (string?)body?["type"]));
        Assert.True(t.Replies.Count > sent, "The command's result arrives as a new message.");
        Assert.DoesNotContain(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == t.Identity.ConversationId);
    }

    [Fact]
    public async Task DoubleInvoke_OfDone_ChangesNothingTheSecondTime_AndSaysSo()
    {
        var t = app.Factory.Transcript("Ana");
        await t.Send("help");
        var ws = WorkspaceKey.DefaultFor(t.Identity.TenantId);
        await SeedStepAsync(app.Factory, ws, t.Identity.AadObjectId, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3));
        await t.Send("my steps");
        var card = t.LastCard;

        var (_, first) = await t.SendExecute(card, "Done", replyToId: "1:step");
        var done = await StepAsync(app.Factory, ws);
        var (_, second) = await t.SendExecute(card, "Done", replyToId: "1:step");

        Assert.Equal(CardType, (string?)first?["type"]);
        Assert.Equal(NextStepStatus.Done, done.Value.Status);
        Assert.Equal((200, MessageType), ((int?)second?["statusCode"], (string?)second?["type"]));
        Assert.Contains("already closed", (string?)second?["value"], StringComparison.Ordinal);
        var after = await StepAsync(app.Factory, ws);
        Assert.Equal(done.ETag, after.ETag);
        Assert.Contains("already closed", t.Replies[^1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("groupChat")]
    [InlineData("channel")]
    public async Task GroupInvoke_ChangesTheCardForTheClicker_AndUpdatesTheMessageForEveryone(string kind)
    {
        var t = app.Factory.Transcript("Ana");
        await t.Send("help");
        var ws = WorkspaceKey.DefaultFor(t.Identity.TenantId);
        await SeedStepAsync(app.Factory, ws, t.Identity.AadObjectId, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3));
        var conversation = kind == "channel"
            ? new ConversationAccount { Id = ChannelId + ";messageid=1763900000000", ConversationType = "channel", IsGroup = true, TenantId = t.Identity.TenantId }
            : new ConversationAccount { Id = "19:group-" + Guid.NewGuid().ToString("N") + "@thread.v2", ConversationType = "groupChat", IsGroup = true, TenantId = t.Identity.TenantId };
        var ask = t.Message("my steps");
        InGroup(ask, conversation, kind);
        await t.SendActivity(ask);
        var card = Assert.Single(app.Factory.Connector.SentTo(conversation.Id!).SelectMany(Transcript.CardsOf));

        var (_, body) = await t.SendExecute(card, "Done", replyToId: "1:steps-card", shape: a => InGroup(a, conversation, kind));

        Assert.Equal(CardType, (string?)body?["type"]);
        var update = Assert.Single(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == conversation.Id);
        Assert.Equal("1:steps-card", update.ActivityId);
        var everyone = Assert.Single(Transcript.CardsOf(update.Activity!));
        Assert.True(JsonNode.DeepEquals(body!["value"], everyone), "Everyone sees the card the clicker got.");
        Assert.Equal(NextStepStatus.Done, (await StepAsync(app.Factory, ws)).Value.Status);
    }

    [Fact]
    public async Task ChannelDigest_RefreshesForAManagerIntoTheirOwnSteps_AndForOthersIntoTheSharedCard()
    {
        var clock = new FakeTimeProvider(Monday);
        await using var factory = await PartnerBotFactory.CreateAsync(o =>
        {
            o.Settings["FollowThrough:RunBackgroundService"] = "false";
            o.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
        });
        var ada = factory.Transcript("Ada");
        await ada.Send("help");
        var bob = factory.Transcript("Bob", ada.Identity.TenantId);
        await bob.Send("help");
        var ws = WorkspaceKey.DefaultFor(ada.Identity.TenantId);
        await SeedStepAsync(factory, ws, ada.Identity.AadObjectId, DateOnly.FromDateTime(Monday.UtcDateTime).AddDays(-2));
        var here = ada.Message("digest here");
        var thread = new ConversationAccount { Id = ChannelId + ";messageid=1763900000000", ConversationType = "channel", IsGroup = true, TenantId = ada.Identity.TenantId };
        InGroup(here, thread, "channel");
        await ada.SendActivity(here);

        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 5, 0, TimeSpan.Zero));
        await factory.Services.GetRequiredService<FollowThroughPlanner>().PlanAsync(clock.GetUtcNow(), default);
        await factory.Services.GetRequiredService<OutboxDispatcher>().DrainAsync(default);
        var posted = Assert.Single(factory.Connector.SentTo(ChannelId).SelectMany(Transcript.CardsOf));

        var refresh = posted["refresh"]!.AsObject();
        Assert.Equal(new[] { ada.Identity.ChannelUserId }, refresh["userIds"]!.AsArray().Select(n => (string)n!).ToArray());
        Assert.Equal(("Action.Execute", "refresh"), ((string?)refresh["action"]?["type"], (string?)refresh["action"]?["verb"]));
        var data = refresh["action"]!["data"]!.AsObject();
        var calls = factory.Connector.Calls.Count;

        var (_, mine) = await ada.SendInvoke(Transcript.ExecuteValue("refresh", (JsonObject)data.DeepClone(), "automatic"), "1:digest", a => InGroup(a, Channel(), "channel"));
        var (_, shared) = await bob.SendInvoke(Transcript.ExecuteValue("refresh", (JsonObject)data.DeepClone(), "automatic"), "1:digest", a => InGroup(a, Channel(), "channel"));

        Assert.Equal(CardType, (string?)mine?["type"]);
        var personal = mine!["value"]!.AsObject();
        Assert.Contains("Your next steps, Ada", Transcript.TextOf(personal), StringComparison.Ordinal);
        Assert.Contains("Overdue: Museum of Light: Send the exhibition proposal", Transcript.TextOf(personal), StringComparison.Ordinal);
        Assert.NotNull(personal["refresh"]);
        Assert.Equal(CardType, (string?)shared?["type"]);
        var sharedCard = shared!["value"]!.AsObject();
        Assert.Contains("Partnership digest", Transcript.TextOf(sharedCard), StringComparison.Ordinal);
        Assert.DoesNotContain("Your next steps", Transcript.TextOf(sharedCard), StringComparison.Ordinal);
        // A refresh is an answer to one person: nothing is posted or updated for the channel.
        Assert.Equal(calls, factory.Connector.Calls.Count);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["posted"] = posted, ["personal"] = personal, ["shared"] = sharedCard });

        // Someone of the tenant who never used the bot, asking from a 1:1 chat instead of the channel, reads nothing.
        var stranger = factory.Transcript("Dan", ada.Identity.TenantId);
        var (_, refused) = await stranger.SendInvoke(Transcript.ExecuteValue("refresh", (JsonObject)data.DeepClone(), "manual"), "1:digest");
        Assert.Equal(403, (int?)refused?["statusCode"]);
        Assert.Empty(stranger.Replies);
        // In the channel, where the digest is there for all to read, someone unknown gets the shared card.
        var (_, unknown) = await stranger.SendInvoke(Transcript.ExecuteValue("refresh", (JsonObject)data.DeepClone(), "automatic"), "1:digest", a => InGroup(a, Channel(), "channel"));
        Assert.Equal(CardType, (string?)unknown?["type"]);
        Assert.Contains("Partnership digest", Transcript.TextOf(unknown!["value"]), StringComparison.Ordinal);
        Assert.DoesNotContain("Your next steps", Transcript.TextOf(unknown["value"]), StringComparison.Ordinal);

        ConversationAccount Channel() => new() { Id = thread.Id, ConversationType = "channel", IsGroup = true, TenantId = ada.Identity.TenantId };
    }

    [Fact]
    public async Task Refresh_OfAnUnknownView_IsRefusedAndChangesNothing()
    {
        var t = app.Factory.Transcript("Ana");
        await t.Send("help");
        var sent = t.Replies.Count;

        var (_, body) = await t.SendInvoke(Transcript.ExecuteValue("refresh", new JsonObject { ["view"] = "nothing-like-it" }, "automatic"), "1:card");

        Assert.Equal(400, (int?)body?["statusCode"]);
        Assert.Equal(sent, t.Replies.Count);
    }

    private static void InGroup(Activity activity, ConversationAccount conversation, string kind)
    {
        activity.Conversation = conversation;
        if (kind == "channel")
        {
            activity.ChannelData = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = conversation.TenantId },
                ["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2", ["name"] = "Library staff" },
                ["channel"] = new JsonObject { ["id"] = ChannelId, ["name"] = "Partnerships" },
            };
        }
    }

    private static async Task SeedStepAsync(PartnerBotFactory factory, WorkspaceKey ws, string assignee, DateOnly due)
    {
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        await factory.Services.GetRequiredService<IPartnerStore>().SaveAsync(ws, new Partner
        {
            Id = "p-light",
            Name = "Museum of Light",
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            Stage = PartnerStage.InTalks,
            Contact = new ContactAssignment { UserIds = [assignee], AssignedAt = now, AssignedByUserId = assignee },
            CreatedByUserId = assignee,
            CreatedAt = now,
            UpdatedAt = now,
        }, null, default);
        await factory.Services.GetRequiredService<INextStepStore>().SaveAsync(ws, new NextStep
        {
            Id = "s-light",
            PartnerId = "p-light",
            AssigneeUserId = assignee,
            Description = "Send the exhibition proposal",
            DueDate = due,
            CreatedAt = now,
        }, null, default);
    }

    private static async Task<Stored<NextStep>> StepAsync(PartnerBotFactory factory, WorkspaceKey ws) =>
        await factory.Services.GetRequiredService<INextStepStore>().GetAsync(ws, "s-light", default)
            ?? throw new InvalidOperationException("The seeded step is gone.");

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
