using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Web.FollowThrough.Handlers;

namespace PartnerBot.Web.Tests.FollowThrough;

public class CardActionTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("ca");

    [Fact]
    public async Task Snooze_OneWeek_NextNudgeWaitsAWeek()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld().AddWorkspace("ca", partners: 1, withHistory: true);
        var settings = new TableFollowThroughSettingsStore(h.Tables);
        var clock = new FakeTimeProvider(FakeWorld.Now);
        var actions = Actions(h, world, settings, clock);
        var causeKey = $"NextStepOverdue|s0|{DateOnly.FromDateTime(FakeWorld.Now.UtcDateTime).AddDays(-2):yyyy-MM-dd}";

        var reply = await actions.HandleAsync(Submit(FollowThroughActions.Snooze, new JsonObject { ["partnerId"] = "p0", ["entityId"] = "s0", ["causeKey"] = causeKey, ["kind"] = "NextStepOverdue", ["length"] = "week" }), default);

        Assert.Contains("in a week", Assert.IsType<TextReply>(Assert.Single(reply)).Text, StringComparison.Ordinal);
        var state = Assert.Single(await settings.ListNudgeStatesAsync(Ws, "c-ca", default));
        Assert.Equal(FakeWorld.Now.AddDays(7), state.SnoozedUntil);
    }

    [Theory]
    [InlineData("{\"partnerId\":\"p0\",\"length\":\"year\",\"causeKey\":\"k\"}", FollowThroughActions.Snooze, "day or a week")]
    [InlineData("{\"partnerId\":\"someone-elses\",\"length\":\"day\",\"causeKey\":\"k\"}", FollowThroughActions.Snooze, "could not find that partner")]
    [InlineData("{\"partnerId\":\"p0\",\"toUser\":\"nobody\"}", FollowThroughActions.HandOver, "do not know that colleague")]
    [InlineData("{\"partnerId\":\"p0\",\"summary\":\"\"}", FollowThroughActions.LogInteraction, "say briefly what happened")]
    [InlineData("{\"workStart\":\"99:99\"}", FollowThroughActions.SaveSettings, "Nothing was saved")]
    public async Task BadSubmit_ClearAnswer_NothingChanged(string json, string action, string expected)
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld().AddWorkspace("ca", partners: 1, withHistory: true);
        var settings = new TableFollowThroughSettingsStore(h.Tables);
        var actions = Actions(h, world, settings, new FakeTimeProvider(FakeWorld.Now));

        var reply = await actions.HandleAsync(Submit(action, (JsonObject)JsonNode.Parse(json)!), default);

        Assert.Contains(expected, Assert.IsType<TextReply>(Assert.Single(reply)).Text, StringComparison.Ordinal);
        Assert.Empty(await settings.ListNudgeStatesAsync(Ws, "c-ca", default));
        Assert.Equal(NextStepStatus.Open, (await ((INextStepStore)world).GetAsync(Ws, "s0", default))!.Value.Status);
        Assert.Empty((await ((IPartnerHistoryStore)world).GetAsync(Ws, "p0", default)).HealthChecks);
    }

    [Theory]
    [InlineData(FollowThroughActions.LogInteraction, "summary", ContactLog.MaxSummary, "at most 1,000 characters (it has 1,001)")]
    public async Task TextOverTheLimit_RefusedWithItsLength_NothingSavedNorCut(string action, string field, int limit, string expected)
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld().AddWorkspace("ca", partners: 1, withHistory: true);
        var actions = Actions(h, world, new TableFollowThroughSettingsStore(h.Tables), new FakeTimeProvider(FakeWorld.Now));
        var value = new JsonObject { ["partnerId"] = "p0", [field] = new string('x', limit + 1) };
        foreach (var (question, _) in HealthCheckCard.Questions)
        {
            value[HealthCheckCard.InputId(question)] = "4";
        }

        var reply = await actions.HandleAsync(Submit(action, value), default);

        Assert.Contains(expected, Assert.IsType<TextReply>(Assert.Single(reply)).Text, StringComparison.Ordinal);
        var history = await ((IPartnerHistoryStore)world).GetAsync(Ws, "p0", default);
        Assert.Empty(history.HealthChecks);
        Assert.DoesNotContain(history.Interactions, i => i.Summary.StartsWith("xxx", StringComparison.Ordinal));
    }

    private static FollowThroughCardActions Actions(DeliveryHarness h, FakeWorld world, TableFollowThroughSettingsStore settings, TimeProvider clock) =>
        new(world, world, settings, new NextStepActions(world, world, world, h.NewMessenger(), clock), clock, new WorkspaceDirectory(world, world, world, new NoRoster(), ConfiguredAdmins.None, clock));

    private static CardActionRequest Submit(string action, JsonObject value) => new()
    {
        Caller = new Caller(new UserRef("ca", "c-ca", "Contact"), Ws, WorkspaceRole.Staff),
        Action = action,
        Value = value,
    };

    private sealed class NoRoster : IRosterLookup
    {
        public Task<RosterEntry?> LookUpAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken) => Task.FromResult<RosterEntry?>(null);
    }
}
