using Microsoft.Extensions.Time.Testing;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tests.FollowThrough;

public class TeamsRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ManyAtOnce_InstantResponses_LeaveInGroupsOfTenSpreadOverTheWindow_NeverMoreThan50InASecond()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var window = TimeSpan.FromSeconds(1) + options.Margin;

        var sends = Simulate(new TeamsRateLimiter(options, clock), clock, Enumerable.Range(0, 200).Select(i => ("t", $"c{i}")), _ => (TimeSpan.Zero, TimeSpan.Zero));

        var departures = sends.Select(s => s.Departed).ToList();
        Assert.Equal(10, departures.Count(d => d == Start));
        Assert.Equal(Enumerable.Range(0, 20).Select(g => Start + (g * (window / 5))), departures.Distinct());
        Assert.Equal(50, MostInAnyWindow(departures, TimeSpan.FromSeconds(1)));
        Assert.Equal(10, MostInAnyWindow(departures, window / 5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SlowAndUnevenNetwork_TheServiceNeverSeesMoreThan50InAnySecond(int seed)
    {
        // Each request reaches the service at some moment between leaving and its response, up to 400 ms later; counting
        // departures alone would let a slow group arrive beside the next one.
        var clock = new FakeTimeProvider(Start);
        var random = new Random(seed);
        var sends = Simulate(new TeamsRateLimiter(new RateLimitOptions(), clock), clock, Enumerable.Range(0, 500).Select(i => ("t", $"c{i}")), _ =>
        {
            var response = TimeSpan.FromMilliseconds(random.Next(1, 400));
            return (response * random.NextDouble(), response);
        });

        var arrivals = sends.Select(s => s.Arrived).ToList();
        Assert.True(MostInAnyWindow(arrivals, TimeSpan.FromSeconds(1)) <= 50, $"{MostInAnyWindow(arrivals, TimeSpan.FromSeconds(1))} arrived within one second");
        Assert.Equal(500, sends.Select(s => s.Conversation).Distinct().Count());
        // Still close to the limit: 500 requests in 10 windows plus the responses' delays, not one after another.
        Assert.True(arrivals.Max() - Start < TimeSpan.FromSeconds(10 * 1.5), $"took {arrivals.Max() - Start}");
    }

    [Fact]
    public void TwoTenants_PaceEachOnItsOwn()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new TeamsRateLimiter(new RateLimitOptions(), clock);

        var sends = Simulate(limiter, clock, Enumerable.Range(0, 11).Select(i => ("a", $"a{i}")).Append(("b", "b1")), _ => (TimeSpan.Zero, TimeSpan.Zero));

        Assert.Equal(Start, sends.Single(s => s.Conversation == "b1").Departed);
        Assert.Equal(10, sends.Count(s => s.Conversation.StartsWith('a') && s.Departed == Start));
        Assert.True(sends.Single(s => s.Conversation == "a10").Departed > Start);
    }

    [Fact]
    public void OneConversation_KeepsItsOwnLimits_AsTheServiceCountsThem()
    {
        var clock = new FakeTimeProvider(Start);
        var random = new Random(7);
        var sends = Simulate(new TeamsRateLimiter(new RateLimitOptions(), clock), clock, Enumerable.Range(0, 30).Select(_ => ("t", "one")), _ =>
        {
            var response = TimeSpan.FromMilliseconds(random.Next(1, 300));
            return (response * random.NextDouble(), response);
        });

        var arrivals = sends.Select(s => s.Arrived).ToList();
        Assert.True(MostInAnyWindow(arrivals, TimeSpan.FromSeconds(1)) <= 7);
        Assert.True(MostInAnyWindow(arrivals, TimeSpan.FromSeconds(2)) <= 8);
    }

    [Fact]
    public async Task WaitAsync_ASendStillWaitingForItsResponse_HoldsBackTheOneAFullWindowAfterIt()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var limiter = new TeamsRateLimiter(options, clock);
        var window = TimeSpan.FromSeconds(1) + options.Margin;
        var first = await limiter.WaitAsync("t", "one", default);
        for (var i = 1; i < 7; i++)
        {
            (await limiter.WaitAsync("t", "one", default)).Complete();
        }

        // The conversation's 7 in a second are used; the first has not had its response yet.
        var eighth = limiter.WaitAsync("t", "one", default);
        clock.Advance(window * 3);
        Assert.False(eighth.IsCompleted);

        first.Complete();
        Assert.False(eighth.IsCompleted);
        clock.Advance(window);
        var slot = await eighth.WaitAsync(TimeSpan.FromSeconds(10));
        await slot.LeaveAsync();
        Assert.Equal(clock.GetUtcNow(), slot.DepartedAt);
        Assert.True(slot.DepartedAt >= first.RespondedAt + window);
    }

    [Fact]
    public async Task WaitAsync_HandsTheSlotOutEarlyByThePreparationTime_LeaveAsyncWaitsOutTheRest()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var limiter = new TeamsRateLimiter(options, clock);
        var preparation = TimeSpan.FromMilliseconds(80);
        DateTimeOffset? firstResponse = null;
        for (var i = 0; i < 7; i++)
        {
            var sent = await limiter.WaitAsync("t", "one", default);
            clock.Advance(preparation);
            await sent.LeaveAsync();
            sent.Complete();
            firstResponse ??= sent.RespondedAt;
        }

        Assert.Equal(preparation, limiter.Lead);
        var due = firstResponse!.Value + TimeSpan.FromSeconds(1) + options.Margin;

        // The eighth is handed out one preparation before it is due, and leaves exactly when due.
        var eighth = limiter.WaitAsync("t", "one", default);
        clock.Advance(due - preparation - clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        Assert.False(eighth.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var slot = await eighth.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(due - preparation, slot.ReadyAt);

        var leaving = slot.LeaveAsync();
        Assert.False(leaving.IsCompleted);
        clock.Advance(preparation);
        await leaving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(due, slot.DepartedAt);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_DoesNotHoldBackTheSendsAfterIt()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new TeamsRateLimiter(new RateLimitOptions(), clock);
        for (var i = 0; i < 7; i++)
        {
            (await limiter.WaitAsync("t", "one", default)).Complete();
        }

        using var cancel = new CancellationTokenSource();
        var given = limiter.WaitAsync("t", "one", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => given);

        // The given-up send counts as one that left and came back at once; the next waits for the window, not forever.
        var next = limiter.WaitAsync("t", "one", default);
        clock.Advance(TimeSpan.FromSeconds(3));
        var slot = await next.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(slot.ReadyAt);
    }

    private sealed record Send(string Conversation, DateTimeOffset Departed, DateTimeOffset Arrived, DateTimeOffset Responded);

    /// <summary>
    /// Runs the limiter's rules as the dispatcher uses them, on a fake clock, one event at a time: every booked send
    /// leaves as soon as the limiter lets it, reaches the service and has its response after the delays given.
    /// </summary>
    private static List<Send> Simulate(TeamsRateLimiter limiter, FakeTimeProvider clock, IEnumerable<(string Tenant, string Conversation)> requests, Func<int, (TimeSpan Arrive, TimeSpan Respond)> network)
    {
        var waiting = requests.Select(r => (r.Conversation, Slot: limiter.Book(r.Tenant, r.Conversation))).ToList();
        var inFlight = new List<(TeamsRateLimiter.SendSlot Slot, DateTimeOffset RespondAt)>();
        var sent = new List<Send>();
        for (var steps = 0; waiting.Count > 0 || inFlight.Count > 0; steps++)
        {
            Assert.True(steps < 100_000, "the simulation does not progress");
            var now = clock.GetUtcNow();
            foreach (var done in inFlight.Where(f => f.RespondAt <= now).ToList())
            {
                done.Slot.Complete(done.RespondAt);
                inFlight.Remove(done);
            }

            var next = DateTimeOffset.MaxValue;
            foreach (var w in waiting.ToList())
            {
                var (earliest, blocker) = limiter.Earliest(w.Slot);
                if (blocker is not null)
                {
                    continue;
                }

                if (earliest > now)
                {
                    next = earliest < next ? earliest : next;
                    continue;
                }

                w.Slot.Depart(now);
                var (arrive, respond) = network(sent.Count);
                sent.Add(new Send(w.Conversation, now, now + arrive, now + respond));
                inFlight.Add((w.Slot, now + respond));
                waiting.Remove(w);
            }

            if (inFlight.Count > 0)
            {
                var response = inFlight.Min(f => f.RespondAt);
                next = response < next ? response : next;
            }

            if (next != DateTimeOffset.MaxValue && next > now)
            {
                clock.SetUtcNow(next);
            }
        }

        return sent;
    }

    private static int MostInAnyWindow(IReadOnlyList<DateTimeOffset> times, TimeSpan window)
    {
        var sorted = times.Order().ToList();
        var most = 0;
        var start = 0;
        for (var end = 0; end < sorted.Count; end++)
        {
            while (sorted[end] - sorted[start] >= window)
            {
                start++;
            }

            most = Math.Max(most, end - start + 1);
        }

        return most;
    }
}
