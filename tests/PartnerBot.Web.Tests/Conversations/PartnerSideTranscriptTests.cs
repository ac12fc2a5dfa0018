using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>The host with a stand-in for the partner page's signed links, so the bot side can be driven end to end.</summary>
public sealed class PartnerSideAppFixture : IAsyncLifetime
{
    private PartnerBotFactory? factory;

    public PartnerBotFactory Factory => factory ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    public async Task InitializeAsync()
    {
        factory = await PartnerBotFactory.CreateAsync(o => o.ConfigureServices = s => s.AddSingleton<IPartnerLinks, FakePartnerLinks>());
        _ = factory.Http;
    }

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }
}

/// <summary>A link that names the workspace and the round, as the real one does (unsigned: the page is not under test here).</summary>
public sealed class FakePartnerLinks : IPartnerLinks
{
    public const string Base = "https://partners.example.org/health/";

    public string Create(WorkspaceKey workspace, PartnerRound round) => $"{Base}{workspace.TenantId}/{round.Id}";
}

/// <summary>
/// Asking a partner for their side of the health check, through /api/messages on the real host over Azurite: from the
/// health check and the command, the link and the e-mail draft, revoking, who may, which partners, and both views on the
/// partner card and in the digest once the partner answered (seeded through the round store, as the page would save it).
/// Each test has a tenant of its own; the first person in it (Ada) is its admin and the partner's contact, Bob is staff.
/// </summary>
public sealed class PartnerSideTranscriptTests(PartnerSideAppFixture app) : IClassFixture<PartnerSideAppFixture>
{
    private const string Museum = "Museum of Light";

    private static readonly Dictionary<string, string> Scores = new()
    {
        ["qPartnerInterestMet"] = "4",
        ["qLibraryInterestMet"] = "4",
        ["qCommunication"] = "4",
        ["qProgress"] = "3",
        ["qStrategicFit"] = "4",
    };

    private IPartnerRoundStore Rounds => app.Factory.Services.GetRequiredService<IPartnerRoundStore>();

    private IPartnerHistoryStore History => app.Factory.Services.GetRequiredService<IPartnerHistoryStore>();

    private async Task<(Transcript Ada, Transcript Bob, WorkspaceKey Ws)> StartAsync()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = app.Factory.Transcript("Ada", tenant);
        var bob = app.Factory.Transcript("Bob", tenant);
        await ada.Send("help");
        await bob.Send("help");
        var ws = WorkspaceKey.DefaultFor(tenant);
        await SavePartnerAsync(ws, "p-light", Museum, PartnerStage.Active, ada.Identity.AadObjectId);
        return (ada, bob, ws);
    }

    private async Task SavePartnerAsync(WorkspaceKey ws, string id, string name, PartnerStage stage, string contact, PartnerArchive? archived = null)
    {
        var at = DateTimeOffset.UtcNow.AddDays(-60);
        await app.Factory.Services.GetRequiredService<IPartnerStore>().SaveAsync(ws, new Partner
        {
            Id = id,
            Name = name,
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            Stage = stage,
            Contact = new ContactAssignment { UserIds = [contact], AssignedAt = at, AssignedByUserId = contact },
            CreatedByUserId = contact,
            CreatedAt = at,
            UpdatedAt = at,
            Archived = archived,
        }, null, default);
    }

    private async Task<List<PartnerRound>> RoundsOfAsync(WorkspaceKey ws, string partnerId) => [.. (await History.GetAsync(ws, partnerId, default)).PartnerRounds];

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    private static JsonObject Data(JsonObject card, string action) =>
        Objects(card).First(o => (string?)o["data"]?["action"] == action)["data"]!.DeepClone().AsObject();

    [Fact]
    public async Task Ask_FromTheHealthCheck_AndFromTheCommand_CardHasTheLinkAndTheDraft_AndASecondAskOffersTheOpenOne()
    {
        var (ada, _, ws) = await StartAsync();
        await ada.Send($"health {Museum}");
        var form = ada.LastCard;
        Assert.Contains("Ask Museum of Light too", Transcript.TextOf(form), StringComparison.Ordinal);
        await ada.SendSubmit(Transcript.ClientSubmit(form, "Send", Scores));
        var confirmation = ada.LastCard;
        Assert.Contains("the health check for Museum of Light is saved", Transcript.TextOf(confirmation), StringComparison.Ordinal);

        var before = DateTimeOffset.UtcNow;
        await ada.SendSubmit(Transcript.ClientSubmit(confirmation, "Ask Museum of Light too"));
        var asked = ada.LastCard;
        var round = Assert.Single(await RoundsOfAsync(ws, "p-light"));
        Assert.Equal(ada.Identity.AadObjectId, round.CreatedByUserId);
        Assert.InRange(round.ExpiresAt - round.CreatedAt, TimeSpan.FromDays(21), TimeSpan.FromDays(21));
        Assert.InRange(round.CreatedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        var link = $"{FakePartnerLinks.Base}{ada.Identity.TenantId}/{round.Id}";
        var text = Transcript.TextOf(asked);
        Assert.Contains("Ask Museum of Light for their view", text, StringComparison.Ordinal);
        Assert.Contains(link, text, StringComparison.Ordinal);
        Assert.Contains("E-mail to copy", text, StringComparison.Ordinal);
        Assert.Contains("how is our partnership going for you?", text, StringComparison.Ordinal);
        Assert.Contains("our partnership with Museum of Light", text, StringComparison.Ordinal);
        // The signature's lines stay lines: each its own text block, as Markdown would join them into one.
        var blocks = Objects(asked).Where(o => (string?)o["type"] == "TextBlock").Select(o => (string?)o["text"]).ToList();
        Assert.Contains("Thank you,", blocks);
        Assert.Contains("Ada", blocks.SkipWhile(b => b != "Thank you,").Skip(1).First() ?? "", StringComparison.Ordinal);
        Assert.Contains($"The link works until {Core.Cards.Dates.Day(round.ExpiresAt, TimeZoneInfo.FindSystemTimeZoneById("Europe/Copenhagen"))}", text, StringComparison.Ordinal);
        Assert.Equal(link, (string?)Objects(asked).Single(o => (string?)o["type"] == "Action.OpenUrl")["url"]);
        Assert.Equal(round.Id, (string?)Data(asked, PartnerRoundFlowNames.Revoke)["round"]);

        await ada.Send($"partner {Museum}");
        Assert.Contains("no answer yet, closes", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
        var partnerCard = ada.LastCard;

        await ada.Send($"ask partner {Museum}");
        var open = ada.LastCard;
        Assert.Contains("You already asked Museum of Light on", Transcript.TextOf(open), StringComparison.Ordinal);
        Assert.Single(await RoundsOfAsync(ws, "p-light"));
        await ada.SendSubmit(Transcript.ClientSubmit(open, "Show the link again"));
        Assert.Contains(link, Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);

        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject>
        {
            ["health form"] = form,
            ["health confirmation"] = confirmation,
            ["asked"] = asked,
            ["already open"] = open,
            ["partner card, open round"] = partnerCard,
        });
    }

    [Fact]
    public async Task Revoke_ClosesTheLink_AStaleOrRepeatedClickChangesNothing_AndAskingAgainMakesANewRound()
    {
        var (ada, _, ws) = await StartAsync();
        await ada.Send($"ask partner {Museum}");
        var asked = ada.LastCard;
        var stored = Assert.Single(await RoundsOfAsync(ws, "p-light"));
        var staleRevoke = Data(asked, PartnerRoundFlowNames.Revoke);

        // The partner answers after the card was sent: its Revoke carries the old version.
        await Rounds.SaveAsync(ws, stored with { Response = new PartnerResponse { Scores = new Dictionary<HealthQuestion, int> { [HealthQuestion.Communication] = 3 }, SubmittedAt = DateTimeOffset.UtcNow } }, (await History.GetAsync(ws, "p-light", default)).PartnerRoundETags[stored.Id], default);
        var etag = (await History.GetAsync(ws, "p-light", default)).PartnerRoundETags[stored.Id];
        await ada.SendSubmit(staleRevoke);
        Assert.Contains(ada.Replies, r => r.Text == PartnerRoundFlow.Stale);
        Assert.Equal(etag, (await History.GetAsync(ws, "p-light", default)).PartnerRoundETags[stored.Id]);
        Assert.Null(Assert.Single(await RoundsOfAsync(ws, "p-light")).RevokedAt);

        // The card shown with the refusal carries the current version: its Revoke works.
        var current = ada.LastCard;
        Assert.Contains("They answered on", Transcript.TextOf(current), StringComparison.Ordinal);
        await ada.SendSubmit(Transcript.ClientSubmit(current, "Revoke link"));
        var revokedCard = ada.LastCard;
        Assert.Contains("Revoked: the link for Museum of Light no longer works", Transcript.TextOf(revokedCard), StringComparison.Ordinal);
        var revoked = Assert.Single(await RoundsOfAsync(ws, "p-light"));
        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal(ada.Identity.AadObjectId, revoked.RevokedByUserId);
        Assert.Equal(3, revoked.Response!.Scores[HealthQuestion.Communication]);

        var afterRevoke = (await History.GetAsync(ws, "p-light", default)).PartnerRoundETags[stored.Id];
        await ada.SendSubmit(Transcript.ClientSubmit(current, "Revoke link"));
        Assert.StartsWith("That link was already revoked on", ada.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Equal(afterRevoke, (await History.GetAsync(ws, "p-light", default)).PartnerRoundETags[stored.Id]);

        await ada.SendSubmit(Transcript.ClientSubmit(revokedCard, "Ask again"));
        Assert.Contains("Ask Museum of Light for their view", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
        Assert.Equal(2, (await RoundsOfAsync(ws, "p-light")).Count);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["revoked"] = revokedCard, ["stale refusal's card"] = current });
    }

    [Fact]
    public async Task StaffWhoIsNotTheContact_IsRefused_AsAreAnArchivedAndAnEndedPartner()
    {
        var (ada, bob, ws) = await StartAsync();
        await bob.Send($"health {Museum}");
        Assert.DoesNotContain("Ask Museum of Light too", Transcript.TextOf(bob.LastCard), StringComparison.Ordinal);
        await bob.Send($"ask partner {Museum}");
        Assert.Equal(PartnerRoundFlow.NotAllowed, bob.Replies[^1].Text);
        Assert.Empty(await RoundsOfAsync(ws, "p-light"));

        await ada.Send($"ask partner {Museum}");
        var revoke = Data(ada.LastCard, PartnerRoundFlowNames.Revoke);
        await bob.SendSubmit(revoke);
        Assert.Equal(PartnerRoundFlow.NotAllowed, bob.Replies[^1].Text);
        Assert.Null(Assert.Single(await RoundsOfAsync(ws, "p-light")).RevokedAt);

        // Bob as the partner's contact may ask.
        await SavePartnerAsync(ws, "p-garden", "Seed Garden", PartnerStage.Active, bob.Identity.AadObjectId);
        await bob.Send("ask partner Seed Garden");
        Assert.Contains("Ask Seed Garden for their view", Transcript.TextOf(bob.LastCard), StringComparison.Ordinal);

        await SavePartnerAsync(ws, "p-old", "Old Press", PartnerStage.Active, ada.Identity.AadObjectId, new PartnerArchive(DateTimeOffset.UtcNow.AddDays(-2), ada.Identity.AadObjectId));
        await ada.Send("ask partner Old Press");
        Assert.StartsWith("Old Press is archived, so I will not send it a link.", ada.Replies[^1].Text, StringComparison.Ordinal);
        await SavePartnerAsync(ws, "p-done", "Done Theatre", PartnerStage.Ended, ada.Identity.AadObjectId);
        await ada.Send("ask partner Done Theatre");
        Assert.Equal("The partnership with Done Theatre has ended, so there is no health check to ask it about. Nothing was created.", ada.Replies[^1].Text);
        Assert.Empty(await RoundsOfAsync(ws, "p-old"));
        Assert.Empty(await RoundsOfAsync(ws, "p-done"));
    }

    [Fact]
    public async Task PartnerAnswer_BothViewsAndTheGapOnThePartnerCard_AndTheDigestListsTheDisagreementAndTheSilentPartner()
    {
        var (ada, _, ws) = await StartAsync();
        await ada.Send($"health {Museum}");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Send", Scores));
        await ada.Send($"ask partner {Museum}");
        var round = Assert.Single(await RoundsOfAsync(ws, "p-light"));
        var etag = (await History.GetAsync(ws, "p-light", default)).PartnerRoundETags[round.Id];
        await Rounds.SaveAsync(ws, round with
        {
            Response = new PartnerResponse
            {
                Scores = new Dictionary<HealthQuestion, int> { [HealthQuestion.PartnerInterestMet] = 4, [HealthQuestion.Communication] = 2, [HealthQuestion.Progress] = 3, [HealthQuestion.StrategicFit] = 4 },
                Comment = "We hear back slowly",
                SubmittedAt = DateTimeOffset.UtcNow,
            },
        }, etag, default);

        // A partner asked a month ago that never answered: its link closed nine days ago.
        await SavePartnerAsync(ws, "p-quiet", "Quiet Garden", PartnerStage.Active, ada.Identity.AadObjectId);
        var asked = DateTimeOffset.UtcNow.AddDays(-30);
        await Rounds.SaveAsync(ws, new PartnerRound { Id = Guid.NewGuid().ToString("N"), PartnerId = "p-quiet", CreatedByUserId = ada.Identity.AadObjectId, CreatedAt = asked, ExpiresAt = asked + PartnerRounds.DefaultLifetime }, null, default);

        await ada.Send($"partner {Museum}");
        var card = ada.LastCard;
        var text = Transcript.TextOf(card);
        Assert.Contains("Both sides' view", text, StringComparison.Ordinal);
        Assert.Contains("you 4, they 2 · gap", text, StringComparison.Ordinal);
        Assert.Contains("you 3, they 3\n", text, StringComparison.Ordinal);
        Assert.Contains("Gap: you rate communication 4, they rate it 2.", text, StringComparison.Ordinal);
        Assert.Contains("Their comment: We hear back slowly", text, StringComparison.Ordinal);
        Assert.Contains("The two sides disagree: the library rates communication 4, the partner rates it 2.", text, StringComparison.Ordinal);

        await ada.Send("partner Quiet Garden");
        Assert.Contains("without an answer", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);

        await ada.Send("digest");
        var digest = ada.LastCard;
        var digestText = Transcript.TextOf(digest);
        Assert.Contains("The partners' side", digestText, StringComparison.Ordinal);
        Assert.Contains("Museum of Light: the two sides disagree: the library rates communication 4, the partner rates it 2", digestText, StringComparison.Ordinal);
        Assert.Contains("Quiet Garden: did not answer", digestText, StringComparison.Ordinal);
        Assert.True(digestText.IndexOf("Health alerts", StringComparison.Ordinal) < digestText.IndexOf("The partners' side", StringComparison.Ordinal));
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["partner card, both views"] = card, ["digest"] = digest });
    }
}

/// <summary>The partner-round card actions, named once for these tests.</summary>
internal static class PartnerRoundFlowNames
{
    public const string Revoke = Core.FollowThrough.Cards.PartnerRoundCard.RevokeAction;
}

/// <summary>The partner side's buttons and sections on cards built outside a conversation, through the official parser.</summary>
public sealed class PartnerSideCardTests
{
    [Fact]
    public async Task HealthCheckReminder_OffersAskThePartner_AndPassesTheParser()
    {
        var cause = new Core.FollowThrough.Nudges.NudgeCause
        {
            Kind = Core.FollowThrough.Nudges.NudgeKind.HealthCheckDue,
            PartnerId = "p1",
            PartnerName = "Café #1",
            EntityId = "p1",
            Occurrence = new DateOnly(2026, 11, 20),
            RecipientUserId = "u1",
            Reason = "A health check is due.",
        };
        var reminder = Core.FollowThrough.Cards.NudgeCard.Build(new Core.FollowThrough.Cards.NudgeView(cause, PartnerStage.Active, null, 0)).ToJson();
        var quiet = Core.FollowThrough.Cards.NudgeCard.Build(new Core.FollowThrough.Cards.NudgeView(cause with { Kind = Core.FollowThrough.Nudges.NudgeKind.QuietPartner }, PartnerStage.Active, null, 0)).ToJson();

        var ask = reminder["actions"]!.AsArray().Single(a => (string?)a!["data"]?["command"] == PartnerRoundFlow.AskCommand.Name)!;
        Assert.Equal(("Ask Café #1 too", "p1"), ((string?)ask["title"], (string?)ask["data"]!["partner"]));
        Assert.DoesNotContain(PartnerRoundFlow.AskCommand.Name, quiet.ToJsonString(), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["health reminder"] = reminder });
    }
}
