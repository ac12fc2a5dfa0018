using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Web.FollowThrough.Handlers;
using PartnerBot.Web.FollowThrough.Scheduling;
using Xunit.Abstractions;

namespace PartnerBot.Web.Tests.FollowThrough;

public class PlannerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Plan_TwoInstancesSameSchedule_EachDigestAndNudgeSentOnce()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld();
        foreach (var t in new[] { "t1", "t2", "t3" })
        {
            world.AddWorkspace(t, partners: 4, withHistory: true);
            Reach(h, t);
        }

        var results = await Task.WhenAll(Planner(h, world).PlanAsync(FakeWorld.Now, default), Planner(h, world).PlanAsync(FakeWorld.Now, default));
        var again = await Planner(h, world).PlanAsync(FakeWorld.Now.AddMinutes(5), default);
        await Task.WhenAll(h.NewDispatcher("a").DrainAsync(default), h.NewDispatcher("b").DrainAsync(default));

        var keys = h.Connector.Received.Select(r => r.IdempotencyKey!).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(["digest|t1/default|m-t1|2026-W48", "digest|t2/default|m-t2|2026-W48", "digest|t3/default|m-t3|2026-W48"], keys.Where(k => k.StartsWith("digest", StringComparison.Ordinal)).Order());
        Assert.Equal(3 * 4, keys.Count(k => k.Contains("NextStepOverdue", StringComparison.Ordinal)));
        Assert.Equal(0, again.Digests);
        Assert.Equal(0, again.Nudges);
        Assert.True(results.Sum(r => r.Digests) >= 3);
    }

    [Fact]
    public async Task Plan_BeforeMondayEightLocal_SendsNoDigest_AfterItDoes()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld().AddWorkspace("ny", partners: 1, withHistory: false, zone: "America/New_York");
        Reach(h, "ny");

        // 08:00 UTC is 03:00 in New York.
        var early = await Planner(h, world).PlanAsync(FakeWorld.Now, default);
        var late = await Planner(h, world).PlanAsync(FakeWorld.Now.AddHours(5), default);

        Assert.Equal(0, early.Digests);
        Assert.Equal(1, late.Digests);
    }

    [Fact]
    public async Task Plan_APreferencesRowThatStillHoldsAZone_IsNotReadForIt_TheMembersOrLibrarysZoneDecides()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld().AddWorkspace("ny-old", partners: 1, withHistory: false, zone: "America/New_York");
        Reach(h, "ny-old");
        var ws = WorkspaceKey.DefaultFor("ny-old");
        // A preferences row written when the record still had a zone: Auckland, where 08:00 UTC Monday is already 21:00.
        var store = new TableFollowThroughSettingsStore(h.Tables);
        await store.SavePreferencesAsync(ws, "m-ny-old", Core.FollowThrough.Schedules.DeliveryPreferences.Default, default);
        var table = h.Tables.GetTable(TableFollowThroughSettingsStore.TableName);
        var partition = PartnerBot.Storage.Tables.KeyEncoder.Compose(ws.TenantId, ws.WorkspaceId);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>(partition, PartnerBot.Storage.Tables.KeyEncoder.Compose("prefs", "m-ny-old"))).Value;
        var json = System.Text.Json.Nodes.JsonNode.Parse(row.GetString("Json"))!.AsObject();
        json["timeZone"] = "Pacific/Auckland";
        row["Json"] = json.ToJsonString();
        await table.UpdateEntityAsync(row, row.ETag, Azure.Data.Tables.TableUpdateMode.Replace);

        // 08:00 UTC is 03:00 in New York, the library's zone: no digest yet, whatever the old row says.
        var early = await Planner(h, world).PlanAsync(FakeWorld.Now, default);
        var late = await Planner(h, world).PlanAsync(FakeWorld.Now.AddHours(5), default);

        Assert.Equal(0, early.Digests);
        Assert.Equal(1, late.Digests);
        Assert.Equal(Core.FollowThrough.Schedules.DeliveryPreferences.Default.WorkStart, (await store.GetPreferencesAsync(ws, "m-ny-old", default)).WorkStart);
    }

    [Fact]
    public async Task Plan_TwoPoorHealthChecks_MovesPartnerUnderReviewAndTellsManagers()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld().AddWorkspace("hx", partners: 7, withHistory: false);
        Reach(h, "hx");
        var ws = WorkspaceKey.DefaultFor("hx");
        foreach (var (id, days) in new[] { ("a", 100), ("b", 5) })
        {
            await ((IPartnerHistoryStore)world).SaveHealthCheckAsync(ws, new HealthCheck
            {
                Id = id,
                PartnerId = "p6",
                UserId = "c-hx",
                Scores = Enum.GetValues<HealthQuestion>().ToDictionary(q => q, _ => 2),
                SubmittedAt = FakeWorld.Now.AddDays(-days),
            }, default);
        }

        var result = await Planner(h, world).PlanAsync(FakeWorld.Now, default);
        await h.NewDispatcher("x").DrainAsync(default);

        Assert.Equal(1, result.Reviews);
        var partner = (await ((IPartnerStore)world).GetAsync(ws, "p6", default))!.Value;
        Assert.Equal(PartnerStage.UnderReview, partner.Stage);
        Assert.Contains("last two health checks", partner.StageReason, StringComparison.Ordinal);
        Assert.Contains(h.Connector.Received, r => r.IdempotencyKey == "review|hx/default|p6|b|m-hx");
    }

    [Fact]
    public async Task DigestCommand_Manager_GetsCard_Staff_IsToldNo()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld().AddWorkspace("dc", partners: 5, withHistory: true);
        var command = new DigestCommand(world, Digests(h, world), TimeProvider.System);
        var ws = WorkspaceKey.DefaultFor("dc");

        var manager = await command.HandleAsync(new CommandRequest { Caller = new Caller(new UserRef("dc", "m-dc", "M"), ws, WorkspaceRole.Manager) }, default);
        var staff = await command.HandleAsync(new CommandRequest { Caller = new Caller(new UserRef("dc", "c-dc", "C"), ws, WorkspaceRole.Staff) }, default);

        Assert.Contains("Partnership digest", Assert.IsType<CardReply>(Assert.Single(manager)).Card.ToJson().ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("for managers", Assert.IsType<TextReply>(Assert.Single(staff)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_1000Workspaces_BuildAndSendDigests_Measured()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var world = new FakeWorld();
        for (var i = 0; i < 1000; i++)
        {
            // No contacts: this measures the digests alone.
            world.AddWorkspace($"w{i}", partners: 8, withHistory: false, withContacts: false);
            Reach(h, $"w{i}");
        }

        var watch = Stopwatch.StartNew();
        var plan = await Planner(h, world).PlanAsync(FakeWorld.Now, default);
        var planned = watch.Elapsed;
        var sent = await h.NewDispatcher("x").DrainAsync(default);
        watch.Stop();

        Assert.Equal(1000, plan.Digests);
        Assert.Equal(h.Connector.Received.Count, h.Connector.Received.Select(r => r.IdempotencyKey).Distinct().Count());
        Assert.Equal(1000, h.Connector.Received.Count(r => r.IdempotencyKey!.StartsWith("digest|", StringComparison.Ordinal)));
        output.WriteLine($"1000 workspaces: planned {plan.Digests} digests + {plan.Nudges} nudges in {planned.TotalSeconds:0.0} s; sent {sent.Sent} in {(watch.Elapsed - planned).TotalSeconds:0.0} s ({sent.Sent / (watch.Elapsed - planned).TotalSeconds:0.0}/s over 1000 tenants); total {watch.Elapsed.TotalSeconds:0.0} s; 429s {h.Connector.Throttled}");
    }

    private static void Reach(DeliveryHarness h, string tenant)
    {
        foreach (var user in new[] { "m-" + tenant, "c-" + tenant })
        {
            h.References.All[tenant + "|" + user] = new StoredConversationReference
            {
                TenantId = tenant,
                UserId = user,
                ChannelId = "msteams",
                ServiceUrl = h.Connector.ServiceUrlFor(tenant),
                ConversationId = "a:" + user,
                ConversationType = "personal",
                UpdatedAt = DateTimeOffset.UtcNow,
            };
        }
    }

    private static DigestService Digests(DeliveryHarness h, FakeWorld world) =>
        new(world, world, world, h.References, h.Outbox, new DigestNarrative(new RuleBasedDigestNarrator()));

    private static FollowThroughPlanner Planner(DeliveryHarness h, FakeWorld world) =>
        new(world, world, world, new TableFollowThroughSettingsStore(h.Tables), h.Outbox, Digests(h, world), h.NewMessenger(), NullLogger<FollowThroughPlanner>.Instance);
}
