using Microsoft.Extensions.Time.Testing;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tests.FollowThrough;

public class TeamsRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reserve_ManyAtOnce_InGroupsOfTenSpreadOverTheWindow_NoTenantWindowHoldsMoreThan50()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var limiter = new TeamsRateLimiter(options, clock);
        var window = TimeSpan.FromSeconds(1) + options.Margin;

        var slots = Enumerable.Range(0, 200).Select(i => limiter.Reserve("t", $"c{i}")).ToList();

        // Groups of 10 every 208 ms, not 50 at once: 50 in any window, and never more than 10 in a fifth of it.
        Assert.Equal(10, slots.Count(s => s == Start));
        Assert.Equal(Enumerable.Range(0, 20).Select(g => Start + (g * (window / 5))), slots.Distinct());
        Assert.Equal(50, MostInAnyWindow(slots, window));
        Assert.Equal(50, MostInAnyWindow(slots, TimeSpan.FromSeconds(1)));
        Assert.Equal(10, MostInAnyWindow(slots, window / 5));
    }

    [Fact]
    public void Reserve_TwoTenants_PaceEachOnItsOwn()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new TeamsRateLimiter(new RateLimitOptions(), clock);

        var a = Enumerable.Range(0, 11).Select(i => limiter.Reserve("a", $"a{i}")).ToList();

        Assert.Equal(Start, limiter.Reserve("b", "b1"));
        Assert.Equal(10, a.Count(s => s == Start));
        Assert.True(a[^1] > Start);
    }

    [Fact]
    public void Reserve_OneConversation_KeepsItsOwnLimits()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var limiter = new TeamsRateLimiter(options, clock);

        var slots = Enumerable.Range(0, 20).Select(_ => limiter.Reserve("t", "one")).ToList();

        Assert.Equal(7, MostInAnyWindow(slots, TimeSpan.FromSeconds(1) + options.Margin));
        Assert.Equal(8, MostInAnyWindow(slots, TimeSpan.FromSeconds(2) + options.Margin));
    }

    [Fact]
    public async Task WaitAsync_LeftLate_BooksAgain_SoTheWindowCountsTheRealDeparture()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var limiter = new TeamsRateLimiter(options, clock);
        var window = TimeSpan.FromSeconds(1) + options.Margin;
        for (var i = 0; i < 50; i++)
        {
            var send = limiter.WaitAsync("t", $"first{i}", default);
            if (!send.IsCompleted)
            {
                clock.Advance(window / 5);
            }

            await send;
        }

        // Ten sends wait for the next window; the machine stalls and they wake half a second after their slot.
        var late = Enumerable.Range(0, 10).Select(i => limiter.WaitAsync("t", $"late{i}", default)).ToList();
        Assert.All(late, t => Assert.False(t.IsCompleted));
        clock.Advance((window / 5) + TimeSpan.FromMilliseconds(500));
        var departed = await Task.WhenAll(late);
        Assert.All(departed, d => Assert.Equal(clock.GetUtcNow(), d));

        // Sends booked now see those ten where they really left: none more fits in this fifth of the window.
        var now = clock.GetUtcNow();
        Assert.True(limiter.Reserve("t", "next") >= now + (window / 5));
    }

    [Fact]
    public async Task WaitAsync_OnTime_LeavesAtItsSlot()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var limiter = new TeamsRateLimiter(options, clock);
        var window = TimeSpan.FromSeconds(1) + options.Margin;
        for (var i = 0; i < 7; i++)
        {
            await limiter.WaitAsync("t", "one", default);
        }

        // The conversation's 7 in a second are used up: the eighth waits for the first to leave the window.
        var eighth = limiter.WaitAsync("t", "one", default);
        Assert.False(eighth.IsCompleted);
        clock.Advance(Start + window - clock.GetUtcNow());
        Assert.Equal(Start + window, await eighth);
    }

    private static int MostInAnyWindow(IReadOnlyList<DateTimeOffset> slots, TimeSpan window)
    {
        var sorted = slots.Order().ToList();
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
