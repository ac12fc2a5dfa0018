using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>
/// Editing after submit, through /api/messages on the real host over Azurite: a health check from its confirmation and
/// from the partner card, any recent contact from the partner card, and the greeting after the welcome. Each test has a
/// tenant of its own; the first person in it (Ada) is its admin, Bob is staff.
/// </summary>
public sealed class EditAfterSubmitTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    private const string Museum = "Museum of Light";

    private static readonly Dictionary<string, string> Scores = new()
    {
        ["qPartnerInterestMet"] = "4",
        ["qLibraryInterestMet"] = "4",
        ["qCommunication"] = "2",
        ["qProgress"] = "3",
        ["qStrategicFit"] = "5",
        ["note"] = "Slow on the exhibits",
    };

    private IPartnerHistoryStore History => app.Factory.Services.GetRequiredService<IPartnerHistoryStore>();

    private async Task<(Transcript Ada, Transcript Bob, WorkspaceKey Ws)> StartAsync()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = app.Factory.Transcript("Ada", tenant);
        var bob = app.Factory.Transcript("Bob", tenant);
        await ada.Send("help");
        await bob.Send("help");
        var ws = WorkspaceKey.DefaultFor(tenant);
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        await app.Factory.Services.GetRequiredService<IPartnerStore>().SaveAsync(ws, new Partner
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
        return (ada, bob, ws);
    }

    private static JsonObject Button(JsonObject card, string action, string idField, string id) =>
        Objects(card).First(o => (string?)o["type"] == "Action.Execute" && (string?)o["data"]?["action"] == action && (string?)o["data"]?[idField] == id)["data"]!.DeepClone().AsObject();

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    [Fact]
    public async Task HealthCheck_EditedFromItsConfirmation_SavedAnswersShown_ClearedNoteCleared_SecondSubmitChangesNothing()
    {
        var (ada, _, ws) = await StartAsync();
        await ada.Send($"health {Museum}");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Send", Scores));
        Assert.Contains("the health check for Museum of Light is saved (average 3.6 out of 5)", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
        var sent = Assert.Single((await History.GetAsync(ws, "p-light", default)).HealthChecks);

        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Edit"));
        var form = ada.LastCard;
        Assert.Contains("Edit the health check: Museum of Light", Transcript.TextOf(form), StringComparison.Ordinal);
        var edit = Transcript.ClientSubmit(form, "Save changes", new Dictionary<string, string> { ["qCommunication"] = "5", ["note"] = "" });
        Assert.Equal("2", (string?)Objects(form).Single(o => (string?)o["id"] == "qCommunication")["value"]);
        await ada.SendSubmit(edit);

        Assert.Contains("Updated the health check for Museum of Light (average 4.2 out of 5)", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
        var read = await History.GetAsync(ws, "p-light", default);
        var edited = Assert.Single(read.HealthChecks);
        Assert.Equal((5, (string?)null, sent.SubmittedAt), (edited.Scores[HealthQuestion.Communication], edited.Note, edited.SubmittedAt));

        await ada.SendSubmit(edit);
        Assert.Contains("changed after the card was sent", ada.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Equal(read.HealthCheckETags[edited.Id], (await History.GetAsync(ws, "p-light", default)).HealthCheckETags[edited.Id]);
    }

    [Fact]
    public async Task HealthCheck_EditedFromThePartnerCard_ByTheSenderOrAnAdmin_NotByOtherStaff_AndTheLimitIsSaid()
    {
        var (ada, bob, ws) = await StartAsync();
        await ada.Send($"health {Museum}");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Send", Scores));
        var sent = await History.GetAsync(ws, "p-light", default);
        var check = Assert.Single(sent.HealthChecks);

        await bob.Send($"partner {Museum}");
        Assert.Contains("Recent health checks", Transcript.TextOf(bob.LastCard), StringComparison.Ordinal);
        Assert.DoesNotContain("health.edit-open", bob.LastCard.ToJsonString(), StringComparison.Ordinal);
        await bob.SendSubmit(new JsonObject { ["action"] = "health.edit-open", ["partnerId"] = "p-light", ["check"] = check.Id });
        Assert.Equal(HealthCheckFlow.NotYours, bob.Replies[^1].Text);

        await ada.Send($"partner {Museum}");
        await ada.SendSubmit(Button(ada.LastCard, "health.edit-open", "check", check.Id));
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save changes", new Dictionary<string, string> { ["note"] = new string('n', 2001) }));
        Assert.Equal("Nothing was changed: the note may be at most 2,000 characters (it has 2,001). Please shorten it and send again.", ada.Replies[^1].Text);
        var save = Transcript.ClientSubmit(ada.LastCard, "Save changes", new Dictionary<string, string> { ["qProgress"] = "1" });
        await bob.SendSubmit(save);
        Assert.Equal(HealthCheckFlow.NotYours, bob.Replies[^1].Text);
        Assert.Equal(sent.HealthCheckETags[check.Id], (await History.GetAsync(ws, "p-light", default)).HealthCheckETags[check.Id]);

        await ada.SendSubmit(save);
        Assert.Equal(1, Assert.Single((await History.GetAsync(ws, "p-light", default)).HealthChecks).Scores[HealthQuestion.Progress]);
    }

    [Fact]
    public async Task PartnerCard_AnyRecentContact_HasItsOwnEdit_AndAnOlderOneIsEditedAlone()
    {
        var (ada, bob, ws) = await StartAsync();
        foreach (var (summary, day) in new[] { ("First call", -3), ("Second call", -2), ("Third call", -1) })
        {
            await ada.Send($"log {Museum}");
            var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Log it", new Dictionary<string, string> { ["summary"] = summary, ["date"] = date }));
        }

        var ids = (await History.GetAsync(ws, "p-light", default)).Interactions.ToDictionary(i => i.Summary, i => i.Id);
        await bob.Send($"partner {Museum}");
        Assert.DoesNotContain("contact.edit-open", bob.LastCard.ToJsonString(), StringComparison.Ordinal);

        await ada.Send($"partner {Museum}");
        var card = ada.LastCard;
        Assert.Equal(3, Objects(card).Count(o => (string?)o["data"]?["action"] == "contact.edit-open"));
        await ada.SendSubmit(Button(card, "contact.edit-open", "interaction", ids["First call"]));
        Assert.Contains("First call", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save changes", new Dictionary<string, string> { ["summary"] = "First call, about the festival" }));

        Assert.Contains("Updated the contact with Museum of Light", ada.Replies[^1].Text, StringComparison.Ordinal);
        var after = (await History.GetAsync(ws, "p-light", default)).Interactions.ToDictionary(i => i.Id, i => i.Summary);
        Assert.Equal(["First call, about the festival", "Second call", "Third call"], new[] { "First call", "Second call", "Third call" }.Select(s => after[ids[s]]));
    }

    [Fact]
    public async Task Hello_RightAfterTheWelcome_IsAnsweredInOneLine_NotASecondCardWithTheSameButtons()
    {
        var t = app.Factory.Transcript(user: "Grace Hopper");
        await t.SendInstall();
        await t.Send("hello");

        t.AssertReplyCardContaining("Welcome, Grace Hopper");
        var hello = t.AssertReplyText("Hello, Grace!");
        Assert.Empty(Transcript.CardsOf(hello));
        t.AssertNoMoreReplies();
    }
}
