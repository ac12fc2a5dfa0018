using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Activities;
using PartnerBot.Testing;
using PartnerBot.Testing.FakeConnector;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;
using PartnerBot.Web.FollowThrough.Delivery;
using PartnerBot.Web.Roster;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>
/// The team's roster in the contact picker, through /api/messages and the real connector client against the fake Bot
/// Connector: Ada uses PartnerBot in her team's channel, so its members are offered even if they never wrote to it.
/// </summary>
public sealed class RosterTranscriptTests
{
    private const string TeamId = "19:Kx2u7VtV3ZLTC7Uu@thread.tacv2";
    private const string BenAad = "b0000000-0000-4000-8000-00000000be01";
    private const string GusAad = "90000000-0000-4000-8000-0000000090e5";
    private const string OlgaAad = "01000000-0000-4000-8000-0000000001ca";

    [Fact]
    public async Task Picker_OffersATeamMemberWhoNeverChatted_NotGuestsOtherTenantsOrTheBot_AndPagesThroughTheRoster()
    {
        await using var world = await World.StartAsync();

        await world.Ada.Send("contact City Museum");

        var card = world.LastCard();
        var lead = Choices(card, "lead");
        Assert.Contains(BenAad, lead);
        Assert.Contains(world.Ada.Identity.AadObjectId, lead);
        Assert.DoesNotContain(GusAad, lead);
        Assert.DoesNotContain(OlgaAad, lead);
        Assert.Equal(lead.Count, lead.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(2 + World.Extras, lead.Count);
        Assert.DoesNotContain(ConnectorColleagueRoster.Fallback, Transcript.TextOf(card), StringComparison.Ordinal);
        // Pages of 100 with continuation tokens, at the service URL the team's own request came with.
        Assert.Equal([null, "100"], world.Connector.RosterRequests.Where(r => r.ConversationId == TeamId).Select(r => r.ContinuationToken));
    }

    [Fact]
    public async Task PickingThem_OpensTheirOneToOneChat_AndTheirPromptIsDeliveredThere()
    {
        await using var world = await World.StartAsync();
        await world.Ada.Send("contact City Museum");

        await world.Ada.SendSubmit(world.SaveContact(BenAad));

        Assert.Contains("Ben Okafor is now the contact for City Museum. I sent them the next step", world.LastText(), StringComparison.Ordinal);
        var create = Assert.Single(world.Connector.CreateRequests).Body;
        Assert.Equal(("29:ben", false, world.Tenant, world.Tenant, world.Ada.Identity.BotId),
            ((string?)create["members"]?[0]?["id"], (bool?)create["isGroup"], (string?)create["tenantId"], (string?)create["channelData"]?["tenant"]?["id"], (string?)create["bot"]?["id"]));
        var benChat = world.Connector.Created[world.Tenant + "|29:ben"];

        await world.Factory.Services.GetRequiredService<OutboxDispatcher>().DrainAsync(default);

        var toBen = world.Connector.Received.Where(r => r.ConversationId == benChat).ToList();
        Assert.Contains(toBen, r => ((string?)r.Activity["text"])?.Contains("Ada named you the contact for City Museum", StringComparison.Ordinal) == true);
        Assert.Contains(toBen, r => Transcript.TextOf(r.Activity["attachments"]).Contains("Call the education officer", StringComparison.Ordinal));
        var steps = await world.Factory.Services.GetRequiredService<INextStepStore>().ListOpenForAssigneeAsync(world.Workspace, BenAad, default);
        Assert.Single(steps);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task ChatCreationRefused_TheConfirmationSaysSoAndWhatToDo_AndNothingIsSaved(HttpStatusCode refusal)
    {
        await using var world = await World.StartAsync();
        world.Connector.RefuseCreate["29:ben"] = refusal;
        await world.Ada.Send("contact City Museum");

        await world.Ada.SendSubmit(world.SaveContact(BenAad));

        var text = world.LastText();
        Assert.Contains("I could not open a chat with Ben Okafor: PartnerBot is not installed for them", text, StringComparison.Ordinal);
        Assert.Contains("Ask them to add PartnerBot in Teams, or pick someone else", text, StringComparison.Ordinal);
        Assert.Single(world.Connector.CreateRequests);
        await world.AssertNoContactAsync();
    }

    [Fact]
    public async Task ChatCouldNotBeOpenedYet_ThenDeliveryIsRefused_TheAssignerIsToldOnce()
    {
        await using var world = await World.StartAsync();
        world.Connector.RefuseCreate["29:ben"] = HttpStatusCode.ServiceUnavailable;
        await world.Ada.Send("contact City Museum");

        await world.Ada.SendSubmit(world.SaveContact(BenAad));

        Assert.Contains("Ben Okafor is now the contact for City Museum. Teams would not open a chat with them just now", world.LastText(), StringComparison.Ordinal);
        world.Connector.RefuseCreate["29:ben"] = HttpStatusCode.Forbidden;
        var dispatcher = world.Factory.Services.GetRequiredService<OutboxDispatcher>();
        await dispatcher.DrainAsync(default);
        await dispatcher.DrainAsync(default);

        var told = world.Connector.Received.Where(r => r.ConversationId == world.Ada.Identity.ConversationId
            && ((string?)r.Activity["text"])?.Contains("I could not send Ben Okafor their next step for City Museum", StringComparison.Ordinal) == true).ToList();
        var notice = (string?)Assert.Single(told).Activity["text"];
        Assert.Contains("Ask them to add PartnerBot in Teams, or pick someone else with 'contact City Museum'", notice, StringComparison.Ordinal);
        Assert.Equal(2, world.Connector.CreateRequests.Count);
        Assert.False((await world.Factory.Services.GetRequiredService<IConversationReferenceStore>().GetAsync(world.Tenant, BenAad, default))?.Reachable);
    }

    [Theory]
    [InlineData("f0f0f0f0-0000-4000-8000-00000000f0f0")]
    [InlineData(GusAad)]
    [InlineData(OlgaAad)]
    public async Task ForgedOrRefusedLeadInCardData_IsRefused_AndChangesNothing(string lead)
    {
        await using var world = await World.StartAsync();
        await world.Ada.Send("contact City Museum");

        await world.Ada.SendSubmit(world.SaveContact(lead));

        Assert.Contains("The lead contact is not a member of this workspace or of a team PartnerBot is in.", world.LastText(), StringComparison.Ordinal);
        Assert.Empty(world.Connector.CreateRequests);
        await world.AssertNoContactAsync();
    }

    [Fact]
    public async Task RosterFails_PickerFallsBackToKnownPeople_AndSaysSoInOneLine()
    {
        await using var world = await World.StartAsync();
        world.Connector.FailRoster[TeamId] = HttpStatusCode.ServiceUnavailable;

        await world.Ada.Send("contact City Museum");

        var card = world.LastCard();
        Assert.Equal([world.Ada.Identity.AadObjectId], Choices(card, "lead"));
        Assert.Contains(ConnectorColleagueRoster.Fallback, Transcript.TextOf(card), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["picker with the fallback line"] = card });
    }

    [Fact]
    public async Task GroupChat_WhereTheBotIsAdded_IsRemembered_AndRemovingTheBotForgetsIt()
    {
        await using var world = await World.StartAsync();
        const string chat = "19:meeting_Nzk5ZTU0@thread.v2";
        var places = world.Factory.Services.GetRequiredService<IInstalledPlaceStore>();

        var added = world.Ada.Message(null);
        added.Type = ActivityTypes.ConversationUpdate;
        added.MembersAdded = [new ChannelAccount { Id = world.Ada.Identity.BotId }];
        added.Conversation = new ConversationAccount { Id = chat, ConversationType = "groupChat", IsGroup = true, TenantId = world.Tenant };
        await world.Ada.SendActivity(added);

        var place = Assert.Single(await places.ListAsync(world.Workspace, default), p => p.RosterId == chat);
        Assert.Equal((InstalledPlaceKind.GroupChat, world.Connector.ServiceUrlFor(world.Tenant)), (place.Kind, place.ServiceUrl));

        var removed = world.Ada.Message(null);
        removed.Type = ActivityTypes.InstallationUpdate;
        removed.Action = "remove";
        removed.Conversation = added.Conversation;
        await world.Ada.SendActivity(removed);

        Assert.DoesNotContain(await places.ListAsync(world.Workspace, default), p => p.RosterId == chat);
    }

    private static List<string> Choices(JsonObject card, string inputId) =>
        Objects(card).First(o => (string?)o["id"] == inputId)["choices"]!.AsArray().Select(c => (string)c!["value"]!).ToList();

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    /// <summary>A tenant where Ada uses PartnerBot in her 1:1 chat and in her team's channel, with one partner.</summary>
    private sealed class World : IAsyncDisposable
    {
        /// <summary>Colleagues on the roster beyond Ben, so it spans two pages of 100.</summary>
        public const int Extras = 120;

        private World(FakeConnectorServer connector, PartnerBotFactory factory, string tenant)
        {
            Connector = connector;
            Factory = factory;
            Tenant = tenant;
            Ada = factory.Transcript(TranscriptIdentity.Create("Ada", tenant) with { ServiceUrl = connector.ServiceUrlFor(tenant) });
        }

        public FakeConnectorServer Connector { get; }

        public PartnerBotFactory Factory { get; }

        public string Tenant { get; }

        public Transcript Ada { get; }

        public WorkspaceKey Workspace => WorkspaceKey.DefaultFor(Tenant);

        public static async Task<World> StartAsync()
        {
            var connector = await FakeConnectorServer.StartAsync();
            var factory = await PartnerBotFactory.CreateAsync(o =>
            {
                o.RecordConnector = false;
                o.Settings["FollowThrough:RunBackgroundService"] = "false";
                // An outage is answered at once, not retried for seconds, so the turn sees it.
                o.Settings["Bot:ConnectorMaxAttempts"] = "1";
            });
            var world = new World(connector, factory, "tenant-" + Guid.NewGuid().ToString("N")[..8]);
            await world.Ada.Send("help");

            // Ada says hello in the team's General channel: the team becomes a place whose roster the picker reads.
            var inTeam = world.Ada.Message("help");
            inTeam.Conversation = new ConversationAccount { Id = TeamId + ";messageid=1763889242431", ConversationType = "channel", IsGroup = true, TenantId = world.Tenant };
            inTeam.ChannelData = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = world.Tenant },
                ["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Community partnerships" },
                ["channel"] = new JsonObject { ["id"] = TeamId, ["name"] = "General" },
            };
            await world.Ada.SendActivity(inTeam);

            connector.Rosters[TeamId] =
            [
                new(world.Ada.Identity.ChannelUserId, "Ada", world.Ada.Identity.AadObjectId),
                new("29:ben", "Ben Okafor", BenAad),
                new("29:gus", "Gus Guest", GusAad, UserRole: "guest"),
                new("29:olga", "Olga Other", OlgaAad, TenantId: "tenant-elsewhere"),
                new(world.Ada.Identity.BotId, "PartnerBot", null),
                .. Enumerable.Range(0, Extras).Select(i => new FakeRosterMember($"29:extra{i}", $"Colleague {i:000}", $"e0000000-0000-4000-8000-{i:000000000000}")),
            ];

            await world.Ada.Send("add partner City Museum");
            await world.Ada.SendSubmit(Transcript.ClientSubmit(world.LastCard(), "Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" }));
            return world;
        }

        /// <summary>The last card sent into Ada's 1:1 chat.</summary>
        public JsonObject LastCard() =>
            Connector.Received.Where(r => r.ConversationId == Ada.Identity.ConversationId)
                .Select(r => r.Activity["attachments"]?[0]?["content"] as JsonObject)
                .Last(c => c is not null)!;

        /// <summary>The last text sent into Ada's 1:1 chat.</summary>
        public string LastText() =>
            Connector.Received.Where(r => r.ConversationId == Ada.Identity.ConversationId)
                .Select(r => (string?)r.Activity["text"])
                .Last(t => t is not null)!;

        /// <summary>Ada's "Save and notify" on the contact card, naming <paramref name="lead"/>.</summary>
        public JsonObject SaveContact(string lead) =>
            Transcript.ClientSubmit(LastCard(), "Save and notify", new Dictionary<string, string>
            {
                ["lead"] = lead,
                ["step"] = "Call the education officer",
                ["due"] = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            });

        public async Task AssertNoContactAsync()
        {
            var partners = await Factory.Services.GetRequiredService<IPartnerStore>().ListAsync(Workspace, default);
            Assert.Null(Assert.Single(partners).Contact);
            var steps = Factory.Services.GetRequiredService<INextStepStore>();
            Assert.Empty(await steps.ListOpenForAssigneeAsync(Workspace, BenAad, default));
            Assert.Null(await Factory.Services.GetRequiredService<IConversationReferenceStore>().GetAsync(Tenant, BenAad, default));
        }

        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Connector.DisposeAsync();
        }
    }
}
