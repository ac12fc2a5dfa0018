using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.Contacts;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Activities;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Bot;

/// <summary>
/// Through /api/messages over Azurite: a click that changed nothing leaves the clicked card as it was (for the person,
/// and in a channel for everyone), and a button that only opens a form sends the form as a new message. Each test has a
/// tenant of its own; Ada (the first person, an admin) added Museum of Light, an active partnership; Bob is staff.
/// </summary>
public sealed class RefusalTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    private const string CardType = "application/vnd.microsoft.card.adaptive";
    private const string MessageType = "application/vnd.microsoft.activity.message";
    private const string Museum = "Museum of Light";
    private const string ChannelId = "19:partnerships@thread.tacv2";

    private static readonly Dictionary<string, string> Scores = new()
    {
        ["qPartnerInterestMet"] = "4",
        ["qLibraryInterestMet"] = "4",
        ["qCommunication"] = "4",
        ["qProgress"] = "4",
        ["qStrategicFit"] = "4",
    };

    private IPartnerStore Partners => app.Factory.Services.GetRequiredService<IPartnerStore>();

    private IPartnerHistoryStore History => app.Factory.Services.GetRequiredService<IPartnerHistoryStore>();

    private async Task<(Transcript Ada, Transcript Bob, WorkspaceKey Ws, ConversationAccount Channel)> StartAsync()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = app.Factory.Transcript("Ada", tenant);
        var bob = app.Factory.Transcript("Bob", tenant);
        await ada.Send("help");
        await bob.Send("help");
        var ws = WorkspaceKey.DefaultFor(tenant);
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        await Partners.SaveAsync(ws, new Partner
        {
            Id = "p-light",
            Name = Museum,
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            Stage = PartnerStage.Active,
            Contact = new ContactAssignment { UserIds = [ada.Identity.AadObjectId], AssignedAt = now, AssignedByUserId = ada.Identity.AadObjectId },
            CreatedByUserId = ada.Identity.AadObjectId,
            CreatedAt = now,
            UpdatedAt = now,
        }, null, default);
        var channel = new ConversationAccount { Id = ChannelId + ";messageid=" + Guid.NewGuid().ToString("N"), ConversationType = "channel", IsGroup = true, TenantId = tenant };
        return (ada, bob, ws, channel);
    }

    [Fact]
    public async Task NudgeSettings_WithAnUnknownZone_ViaInvoke_LeavesTheForm_AndSavesNothing()
    {
        var (_, bob, _, _) = await StartAsync();
        await bob.Send("nudges");
        var before = bob.LastCard.ToJsonString();

        var (_, body) = await bob.SendExecute(bob.LastCard, "Save", new Dictionary<string, string> { ["timeZone"] = "Mars/Olympus_Mons" }, replyToId: "1:nudges");

        Assert.Equal((200, MessageType), ((int?)body?["statusCode"], (string?)body?["type"]));
        Assert.StartsWith("Nothing was saved", (string?)body?["value"], StringComparison.Ordinal);
        Assert.DoesNotContain(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == bob.Identity.ConversationId);
        await bob.Send("nudges");
        Assert.Equal(before, bob.LastCard.ToJsonString());
    }

    [Fact]
    public async Task OverLimitHealthCheckNote_ViaInvoke_LeavesTheForm_AndStoresNothing()
    {
        var (ada, _, ws, _) = await StartAsync();
        await ada.Send($"health {Museum}");
        var typed = new Dictionary<string, string>(Scores) { ["note"] = new string('n', 2001) };

        var (_, body) = await ada.SendExecute(ada.LastCard, "Send", typed, replyToId: "1:health");

        Assert.Equal((200, MessageType), ((int?)body?["statusCode"], (string?)body?["type"]));
        Assert.Contains("at most 2,000 characters", (string?)body?["value"], StringComparison.Ordinal);
        Assert.Empty((await History.GetAsync(ws, "p-light", default)).HealthChecks);
        Assert.DoesNotContain(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == ada.Identity.ConversationId);
    }

    [Fact]
    public async Task OverLimitContactText_ViaInvoke_LeavesTheForm_AndStoresNothing()
    {
        var (ada, _, ws, _) = await StartAsync();
        await ada.Send($"log {Museum}");

        var (_, body) = await ada.SendExecute(ada.LastCard, "Log it", new Dictionary<string, string> { ["summary"] = new string('s', ContactLog.MaxSummary + 1) }, replyToId: "1:log");

        Assert.Equal((200, MessageType), ((int?)body?["statusCode"], (string?)body?["type"]));
        Assert.Contains("at most 1,000 characters", (string?)body?["value"], StringComparison.Ordinal);
        Assert.Empty((await History.GetAsync(ws, "p-light", default)).Interactions);
        Assert.DoesNotContain(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == ada.Identity.ConversationId);
    }

    [Fact]
    public async Task InAChannel_AStaffMembersRefusedUndoOfAnArchive_LeavesTheCardForEveryone()
    {
        var (ada, bob, ws, channel) = await StartAsync();
        await ada.Send($"archive {Museum}");
        var card = ada.LastCard;

        var (_, body) = await bob.SendExecute(card, "Undo", replyToId: "1:archived", shape: a => InChannel(a, channel));

        Assert.Equal((200, MessageType), ((int?)body?["statusCode"], (string?)body?["type"]));
        Assert.Contains("can restore it", (string?)body?["value"], StringComparison.Ordinal);
        Assert.DoesNotContain(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == channel.Id);
        Assert.NotNull((await Partners.GetAsync(ws, "p-light", default))!.Value.Archived);
    }

    [Fact]
    public async Task InAChannel_AStaffMembersStageChangeFromAStaleCard_LeavesTheCardForEveryone()
    {
        var (_, bob, ws, channel) = await StartAsync();
        await bob.Send($"stage {Museum}");
        var form = bob.LastCard;
        var stored = (await Partners.GetAsync(ws, "p-light", default))!;
        var changed = await Partners.SaveAsync(ws, stored.Value with { Notes = "Changed from another card" }, stored.ETag, default);

        var (_, body) = await bob.SendExecute(form, "Change stage", new Dictionary<string, string> { ["stage"] = nameof(PartnerStage.Formalised) }, replyToId: "1:stage", shape: a => InChannel(a, channel));

        Assert.Equal((200, MessageType), ((int?)body?["statusCode"], (string?)body?["type"]));
        Assert.Contains("did not change its stage", (string?)body?["value"], StringComparison.Ordinal);
        Assert.DoesNotContain(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == channel.Id);
        var after = (await Partners.GetAsync(ws, "p-light", default))!;
        Assert.Equal((PartnerStage.Active, changed.ETag), (after.Value.Stage, after.ETag));
    }

    [Fact]
    public async Task InAChannel_ThePartnerCardsEdit_OpensTheFormAsANewMessage_AndUpdatesNothing()
    {
        var (ada, _, _, channel) = await StartAsync();
        await ada.Send($"log {Museum}");
        await ada.SendExecute(ada.LastCard, "Log it", new Dictionary<string, string> { ["summary"] = "First call" }, replyToId: "1:log");
        var show = ada.Message($"partner {Museum}");
        InChannel(show, channel);
        await ada.SendActivity(show);
        var card = app.Factory.Connector.SentTo(channel.Id!).SelectMany(Transcript.CardsOf).Last();
        var edit = Objects(card).Single(o => (string?)o["type"] == "Action.Execute" && (string?)o["verb"] == LogContactCard.EditOpenAction);
        Assert.True(Buttons.Opens(edit["data"]!.AsObject()));
        var sent = app.Factory.Connector.SentTo(channel.Id!).Count;

        var (_, body) = await ada.SendInvoke(Transcript.ExecuteValue(LogContactCard.EditOpenAction, edit["data"]!.DeepClone().AsObject()), "1:partner", a => InChannel(a, channel));

        Assert.Equal((200, MessageType), ((int?)body?["statusCode"], (string?)body?["type"]));
        Assert.DoesNotContain(app.Factory.Connector.Calls, c => c.Operation == "update" && c.ConversationId == channel.Id);
        var form = Assert.Single(app.Factory.Connector.SentTo(channel.Id!).Skip(sent).SelectMany(Transcript.CardsOf));
        Assert.Contains(Objects(form), o => (string?)o["verb"] == LogContactCard.EditAction);
        Assert.Contains("First call", Transcript.TextOf(form), StringComparison.Ordinal);
        Assert.NotEqual(CardType, (string?)body?["type"]);
    }

    private static void InChannel(Activity activity, ConversationAccount channel)
    {
        activity.Conversation = new ConversationAccount { Id = channel.Id, ConversationType = "channel", IsGroup = true, TenantId = channel.TenantId };
        activity.ChannelData = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = channel.TenantId },
            ["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2", ["name"] = "Library staff" },
            ["channel"] = new JsonObject { ["id"] = ChannelId, ["name"] = "Partnerships" },
        };
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}
