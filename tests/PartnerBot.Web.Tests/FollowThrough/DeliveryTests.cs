using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Web.FollowThrough.Delivery;
using Xunit.Abstractions;

namespace PartnerBot.Web.Tests.FollowThrough;

public class DeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task FanOut_1000Messages_AllDeliveredOnce_UnderTheLimits()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var people = h.AddPeople(1000, tenants: 2);
        var messenger = h.NewMessenger();
        foreach (var (ws, user) in people)
        {
            await messenger.SendAsync(ws, user, DeliveryHarness.Card("Your digest"), $"digest|{ws}|{user}|2026-W48", default);
        }

        var watch = Stopwatch.StartNew();
        var result = await h.NewDispatcher("only").DrainAsync(default);
        watch.Stop();

        AssertEachOnce(h, people.Select(p => $"digest|{p.Workspace}|{p.UserId}|2026-W48"));
        Assert.Equal(1000, result.Sent);
        var perTenant = h.Connector.Received.GroupBy(r => r.TenantId).Select(g => Peak(g.Select(r => r.At))).Max();
        Assert.InRange(perTenant, 1, 50);
        output.WriteLine($"1000 sends to 2 tenants in {watch.Elapsed.TotalSeconds:0.0} s: {1000 / watch.Elapsed.TotalSeconds:0.0}/s overall, peak {perTenant} in any 1 s per tenant (limit 50), 429s: {h.Connector.Throttled}");
    }

    [Fact]
    public async Task Run_KilledMidWayAndRestarted_NoLossNoDuplicate()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var people = h.AddPeople(300, tenants: 1);
        var messenger = h.NewMessenger();
        foreach (var (ws, user) in people)
        {
            await messenger.SendAsync(ws, user, DeliveryHarness.Card("Nudge"), $"nudge|{user}|k|1", default);
        }

        using var kill = new CancellationTokenSource();
        h.Connector.OnReceived = _ =>
        {
            if (h.Connector.Received.Count >= 120)
            {
                kill.Cancel();
            }
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.NewDispatcher("first").DrainAsync(kill.Token));
        h.Connector.OnReceived = null;
        var before = h.Connector.Received.Count;
        Assert.InRange(before, 120, 299);

        // The tenant's sends still belong to the stopped instance until its send lease runs out: nothing goes out beside it.
        var meanwhile = await h.NewDispatcher("second").DrainAsync(default);
        Assert.Equal(0, meanwhile.Sent);
        Assert.Equal(300 - before, meanwhile.HeldElsewhere);
        Assert.Equal(before, h.Connector.Received.Count);

        var later = new FakeTimeProvider(DateTimeOffset.UtcNow + new DeliveryOptions().Limits.TenantLeaseDuration);
        await h.NewDispatcher("second", clock: later).DrainAsync(default);

        AssertEachOnce(h, people.Select(p => $"nudge|{p.UserId}|k|1"));
    }

    [Fact]
    public async Task Run_InstanceDiedHoldingClaims_AnotherTakesOverAfterExpiry()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var people = h.AddPeople(20, tenants: 1);
        foreach (var (ws, user) in people)
        {
            await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Nudge"), $"nudge|{user}|x|1", default);
        }

        // The dead instance claimed half and never came back.
        var due = await h.Outbox.ListDueAsync(DateTimeOffset.UtcNow, 100, default);
        foreach (var m in due.Take(10))
        {
            await h.Outbox.TryUpdateAsync(m, m.Value with { Status = OutboxStatus.Sending, ClaimedBy = "dead", ClaimedUntil = DateTimeOffset.UtcNow.AddSeconds(1) }, default);
        }

        // The surviving instance's clock moves past the dead one's claims instead of the test sleeping.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await h.NewDispatcher("alive", clock: clock).DrainAsync(default);
        Assert.Equal(10, h.Connector.Received.Count);
        clock.Advance(TimeSpan.FromSeconds(2));
        await h.NewDispatcher("alive", clock: clock).DrainAsync(default);

        AssertEachOnce(h, people.Select(p => $"nudge|{p.UserId}|x|1"));
    }

    [Fact]
    public async Task TwoInstances_SameOutbox_EachMessageOnce()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var people = h.AddPeople(400, tenants: 4);
        foreach (var (ws, user) in people)
        {
            // Both instances plan the same schedule: both enqueue, the key keeps one.
            await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Digest"), $"digest|{ws}|{user}|2026-W48", default);
            await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Digest"), $"digest|{ws}|{user}|2026-W48", default);
        }

        var a = h.NewDispatcher("a");
        var b = h.NewDispatcher("b");
        var results = await Task.WhenAll(a.DrainAsync(default), b.DrainAsync(default));
        await a.DrainAsync(default);

        AssertEachOnce(h, people.Select(p => $"digest|{p.Workspace}|{p.UserId}|2026-W48"));
        Assert.Equal(400, results.Sum(r => r.Sent));
    }

    [Fact]
    public async Task Send_Forbidden_MarksPersonUnreachable_AndNeverRetries()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        h.Connector.Refuse["a:conv-0"] = HttpStatusCode.Forbidden;
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Hi"), "k403", default);

        var result = await h.NewDispatcher("x").DrainAsync(default);

        Assert.Equal(1, result.Unreachable);
        Assert.False(h.References.All[$"{ws.TenantId}|{user}"].Reachable);
        var stored = await h.Outbox.GetAsync(ws.TenantId, "k403", default);
        Assert.Equal(OutboxStatus.Unreachable, stored!.Value.Status);
        Assert.Equal(1, stored.Value.Attempts);
        Assert.Empty(await h.References.ListUnreachableAsync("other", default));
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    public async Task Send_PermanentRefusal_FailsWithoutRetry(HttpStatusCode status)
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        h.Connector.Refuse["a:conv-0"] = status;
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Hi"), "kperm", default);

        await h.NewDispatcher("x").DrainAsync(default);

        var stored = (await h.Outbox.GetAsync(ws.TenantId, "kperm", default))!.Value;
        Assert.Equal(OutboxStatus.Failed, stored.Status);
        Assert.Equal(1, stored.Attempts);
        Assert.True(h.References.All[$"{ws.TenantId}|{user}"].Reachable);
    }

    [Fact]
    public async Task Send_ServiceUnavailableTwice_RetriedWithBackoffThenSent()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        h.Connector.FailTimes["a:conv-0"] = 2;
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Hi"), "k503", default);
        var options = new DeliveryOptions { RetryBase = TimeSpan.FromMilliseconds(100) };

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Connector.Received.IsEmpty && DateTime.UtcNow < deadline)
        {
            await h.NewDispatcher("x", options).DrainAsync(default);
            await Task.Delay(50);
        }

        var stored = (await h.Outbox.GetAsync(ws.TenantId, "k503", default))!.Value;
        Assert.Equal(OutboxStatus.Sent, stored.Status);
        Assert.Equal(3, stored.Attempts);
        Assert.Single(h.Connector.Received);
    }

    [Fact]
    public async Task Send_ConnectorAnswers429Twice_WaitsItsRetryAfterEachTime_ThenSentExactlyOnce()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        h.Connector.ThrottleTimes["a:conv-0"] = 2;
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Hi"), "k429", default);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (h.Connector.Received.IsEmpty && DateTime.UtcNow < deadline)
        {
            await h.NewDispatcher("x", new DeliveryOptions { RetryBase = TimeSpan.FromMilliseconds(100) }).DrainAsync(default);
        }

        var stored = (await h.Outbox.GetAsync(ws.TenantId, "k429", default))!.Value;
        Assert.Equal(OutboxStatus.Sent, stored.Status);
        var sent = Assert.Single(h.Connector.Received);
        var throttled = h.Connector.ThrottledAt.ToArray();
        Assert.Equal(2, throttled.Length);
        // Each retry came no sooner than the Retry-After the connector asked for.
        Assert.True(throttled[1] - throttled[0] >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"{throttled[1] - throttled[0]}");
        Assert.True(sent.At - throttled[1] >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(20), $"{sent.At - throttled[1]}");
    }

    [Fact]
    public async Task Send_NoConversationButChannelUserKnown_CreatesPersonalChat()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var ws = WorkspaceKey.DefaultFor("t-new");
        h.References.All["t-new|u-new"] = new StoredConversationReference
        {
            TenantId = "t-new",
            UserId = "u-new",
            ChannelId = "msteams",
            ServiceUrl = h.Connector.ServiceUrlFor("t-new"),
            ConversationId = "",
            ChannelUserId = "29:new",
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await h.NewMessenger().SendAsync(ws, "u-new", DeliveryHarness.Card("Welcome"), "knew", default);
        await h.NewMessenger().SendAsync(ws, "u-unknown", DeliveryHarness.Card("Welcome"), "kunknown", default);

        var result = await h.NewDispatcher("x").DrainAsync(default);

        var created = Assert.Single(h.Connector.Created);
        Assert.Equal(created.Value, Assert.Single(h.Connector.Received).ConversationId);
        Assert.Equal(created.Value, h.References.All["t-new|u-new"].ConversationId);
        Assert.Equal(1, result.Unreachable);
    }

    [Fact]
    public async Task Send_TextGoesAsPlainText_CardsAsCards()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        const string text = "Reminder about [Win a prize](https://evil.example) **now** <at>PartnerBot</at>";
        var card = new AdaptiveCard { Body = { new TextBlock("Reminder") } };
        await h.NewMessenger().SendAsync(ws, user, [BotReply.Say(text), BotReply.Show(card)], "kplain", default);

        await h.NewDispatcher("x").DrainAsync(default);

        var sent = h.Connector.Received.OrderBy(r => (int?)r.Activity["channelData"]?["partnerBotPart"]).Select(r => r.Activity).ToList();
        Assert.Equal(2, sent.Count);
        // Teams renders Markdown in message text unless told otherwise: the name must arrive, and show, as typed.
        Assert.Equal(text, (string?)sent[0]["text"]);
        Assert.Equal("plain", (string?)sent[0]["textFormat"]);
        Assert.Null(sent[1]["textFormat"]);
        Assert.Equal(OutboxDispatcher.AdaptiveCardContentType, (string?)sent[1]["attachments"]![0]!["contentType"]);
    }

    [Fact]
    public async Task OneConversation_ManyMessages_KeepsPerConversationLimits()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        for (var i = 0; i < 20; i++)
        {
            await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card($"Nudge {i}"), $"burst|{i}", default);
        }

        await h.NewDispatcher("x").DrainAsync(default);

        Assert.Equal(20, h.Connector.Received.Count);
        Assert.InRange(Peak(h.Connector.Received.Select(r => r.At), TimeSpan.FromSeconds(2)), 1, 8);
        output.WriteLine($"20 sends to one conversation, 429s: {h.Connector.Throttled}");
    }

    private static void AssertEachOnce(DeliveryHarness h, IEnumerable<string> expectedKeys)
    {
        var received = h.Connector.Received.Select(r => r.IdempotencyKey ?? "").ToList();
        var duplicates = received.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.Equal(expectedKeys.Order(StringComparer.Ordinal), received.Order(StringComparer.Ordinal));
    }

    /// <summary>The most sends that fell inside any window of the given length (1 s by default).</summary>
    private static int Peak(IEnumerable<DateTimeOffset> times, TimeSpan? window = null)
    {
        var w = window ?? TimeSpan.FromSeconds(1);
        var sorted = times.Order().ToList();
        var peak = 0;
        for (int i = 0, j = 0; i < sorted.Count; i++)
        {
            while (sorted[i] - sorted[j] >= w)
            {
                j++;
            }

            peak = Math.Max(peak, i - j + 1);
        }

        return peak;
    }
}
