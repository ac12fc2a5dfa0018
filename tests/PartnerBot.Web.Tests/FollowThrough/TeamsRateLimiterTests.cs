using Microsoft.Extensions.Time.Testing;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tests.FollowThrough;

public class TeamsRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reserve_ManyAtOnce_EvenlySpaced_NoTenantWindowHoldsMoreThan50()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var limiter = new TeamsRateLimiter(options, clock);
        var window = TimeSpan.FromSeconds(1) + options.Margin;

        var slots = Enumerable.Range(0, 200).Select(i => limiter.Reserve("t", $"c{i}")).ToList();

        // 1.04 s / 50 = 20.8 ms apart: never a burst, 50 in the limiter's window, 49 in any second of Teams' clock.
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.Equal(window / 50, pair.Second - pair.First));
        Assert.Equal(50, MostInAnyWindow(slots, window));
        Assert.Equal(49, MostInAnyWindow(slots, TimeSpan.FromSeconds(1)));
        Assert.Equal(Start + (199 * (window / 50)), slots.Max());
    }

    [Fact]
    public void Reserve_TwoTenants_PaceEachOnItsOwn()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new TeamsRateLimiter(new RateLimitOptions(), clock);

        Assert.Equal(Start, limiter.Reserve("a", "a1"));
        Assert.Equal(Start, limiter.Reserve("b", "b1"));
        Assert.True(limiter.Reserve("a", "a2") > Start);
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
                clock.Advance(window / 50);
            }

            await send;
        }

        // The next send waits for its slot; the machine stalls and it wakes half a second after it.
        var late = limiter.WaitAsync("t", "late", default);
        Assert.False(late.IsCompleted);
        clock.Advance((window / 50) + TimeSpan.FromMilliseconds(500));
        var departed = await late;
        Assert.Equal(clock.GetUtcNow(), departed);

        // The send booked next is paced from where the late one really left, not from its lost slot.
        Assert.Equal(departed + (window / 50), limiter.Reserve("t", "next"));
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
            var send = limiter.WaitAsync("t", "one", default);
            if (!send.IsCompleted)
            {
                clock.Advance(window / 50);
            }

            await send;
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
