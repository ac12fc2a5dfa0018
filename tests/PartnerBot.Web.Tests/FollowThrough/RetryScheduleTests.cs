using System.Net;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>How long a message keeps being tried while Teams is down, on a fake clock, against the outbox in Azurite.</summary>
public class RetryScheduleTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromMinutes(10);

    [Theory]
    // attempt, jitter, expected wait in seconds: 10 s doubling, into its upper half by the jitter, capped at 5 min.
    [InlineData(1, 0.0, 5)]
    [InlineData(1, 0.5, 7.5)]
    [InlineData(2, 0.0, 10)]
    [InlineData(5, 0.0, 80)]
    [InlineData(5, 0.5, 120)]
    [InlineData(6, 0.0, 150)]
    [InlineData(6, 0.5, 225)]
    [InlineData(9, 0.0, 150)]
    [InlineData(40, 0.5, 225)]
    public void RetryDelay_DoublesFromTheBase_CappedAtFiveMinutes(int attempt, double jitter, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), new DeliveryOptions().RetryDelay(attempt, jitter));
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, -0.1)]
    [InlineData(1, 1.0)]
    public void RetryDelay_OutOfRange_Throws(int attempt, double jitter)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeliveryOptions().RetryDelay(attempt, jitter));
    }

    [Fact]
    public void Defaults_EveryWaitAtMostFiveMinutes_AttemptsSpanAtLeastTenEvenAtTheLowestJitter()
    {
        var options = new DeliveryOptions();
        var lowest = Enumerable.Range(1, options.MaxAttempts - 1).Select(a => options.RetryDelay(a, 0)).ToList();
        var highest = Enumerable.Range(1, options.MaxAttempts - 1).Select(a => options.RetryDelay(a, Math.BitDecrement(1.0))).ToList();

        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxRetryDelay);
        Assert.All(highest, wait => Assert.True(wait <= options.MaxRetryDelay, $"{wait} is longer than the cap"));
        Assert.Equal(lowest.Aggregate(TimeSpan.Zero, (a, b) => a + b), options.ShortestRetrySpan);
        Assert.True(options.ShortestRetrySpan >= Outage, $"{options.MaxAttempts} attempts span only {options.ShortestRetrySpan} at the lowest jitter");
        // The old schedule (2 s base, 5 attempts) gave up within half a minute.
        Assert.True(new DeliveryOptions { RetryBase = TimeSpan.FromSeconds(2), MaxAttempts = 5 }.ShortestRetrySpan < TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task TenMinuteOutage_MessageRetriedUntilItEnds_ThenSentOnce()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        var key = $"nudge|{ws}|{user}|outage|1";
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Nudge"), key, default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var options = new DeliveryOptions();
        var down = new OutageConnector(h.Client, clock, clock.GetUtcNow() + Outage);
        var dispatcher = h.NewDispatcher("a", options, clock, down);

        var stored = await RunUntilFinalAsync(h, dispatcher, clock, ws.TenantId, key, options.MaxAttempts);

        Assert.Equal(OutboxStatus.Sent, stored.Status);
        Assert.Single(h.Connector.Received);
        Assert.True(down.Refused.Count >= 5, $"only {down.Refused.Count} attempts fell in the outage");
        Assert.True(down.Refused[^1] < clock.GetUtcNow(), "the last refusal came before the send");
        Assert.True(stored.Attempts <= options.MaxAttempts);
    }

    [Fact]
    public async Task OutageThatNeverEnds_FailsAfterMaxAttempts_NoSoonerThanTheShortestSpan()
    {
        await using var h = await DeliveryHarness.StartAsync();
        var (ws, user) = h.AddPeople(1, tenants: 1)[0];
        var key = $"prompt|{ws}|{user}|outage";
        await h.NewMessenger().SendAsync(ws, user, DeliveryHarness.Card("Next step"), key, default);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));
        var options = new DeliveryOptions();
        var down = new OutageConnector(h.Client, clock, DateTimeOffset.MaxValue);
        var dispatcher = h.NewDispatcher("a", options, clock, down);

        var stored = await RunUntilFinalAsync(h, dispatcher, clock, ws.TenantId, key, options.MaxAttempts);

        Assert.Equal(OutboxStatus.Failed, stored.Status);
        Assert.Equal(options.MaxAttempts, stored.Attempts);
        Assert.Equal(options.MaxAttempts, down.Refused.Count);
        Assert.Empty(h.Connector.Received);
        Assert.True(down.Refused[^1] - down.Refused[0] >= options.ShortestRetrySpan, $"gave up {down.Refused[^1] - down.Refused[0]} after the first failure");
        Assert.True(down.Refused[^1] - down.Refused[0] >= Outage);
    }

    /// <summary>Drains, then moves the clock to the message's next attempt, until it ends (at most one pass per attempt, and one more).</summary>
    private static async Task<OutboxMessage> RunUntilFinalAsync(DeliveryHarness h, OutboxDispatcher dispatcher, FakeTimeProvider clock, string tenantId, string key, int maxAttempts)
    {
        for (var pass = 0; pass <= maxAttempts; pass++)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await dispatcher.DrainAsync(deadline.Token);
            var record = await h.Outbox.GetAsync(tenantId, key, deadline.Token);
            if (record?.Value.IsFinal == true)
            {
                return record.Value;
            }

            var waiting = Assert.Single(await h.Outbox.ListDueAsync(clock.GetUtcNow().AddDays(1), 10, deadline.Token));
            Assert.Equal(OutboxStatus.Pending, waiting.Value.Status);
            Assert.True(waiting.Value.NextAttemptAt > clock.GetUtcNow());
            clock.SetUtcNow(waiting.Value.NextAttemptAt);
        }

        Assert.Fail($"{key} did not end within {maxAttempts} attempts");
        return null!;
    }

    /// <summary>Teams down until a moment on the test's clock: every send before it is refused with 503.</summary>
    private sealed class OutageConnector(IConnectorClient inner, TimeProvider clock, DateTimeOffset until) : IConnectorClient
    {
        public List<DateTimeOffset> Refused { get; } = [];

        public Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            if (now < until)
            {
                lock (Refused)
                {
                    Refused.Add(now);
                }

                throw new ConnectorException(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "Teams is down.");
            }

            return inner.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken);
        }

        public Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken) =>
            inner.ReplyToActivityAsync(serviceUrl, conversationId, replyToId, activity, cancellationToken);

        public Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
            inner.UpdateActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken);

        public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) =>
            inner.DeleteActivityAsync(serviceUrl, conversationId, activityId, cancellationToken);

        public Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken) =>
            inner.CreatePersonalConversationAsync(serviceUrl, tenantId, userId, botId, cancellationToken);

        public Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken) =>
            inner.GetConversationMemberAsync(serviceUrl, conversationId, userId, cancellationToken);
    }
}
