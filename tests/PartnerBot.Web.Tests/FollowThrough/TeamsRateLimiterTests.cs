using Microsoft.Extensions.Time.Testing;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tests.FollowThrough;

public class TeamsRateLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reserve_ManyAtOnce_NoTenantWindowHoldsMoreThan50()
    {
        var clock = new FakeTimeProvider(Start);
        var options = new RateLimitOptions();
        var limiter = new TeamsRateLimiter(options, clock);

        var slots = Enumerable.Range(0, 200).Select(i => limiter.Reserve("t", $"c{i}")).ToList();

        Assert.Equal(50, slots.Count(s => s == Start));
        Assert.Equal(50, MostInAnyWindow(slots, TimeSpan.FromSeconds(1) + options.Margin));
        Assert.Equal(Start + (3 * (TimeSpan.FromSeconds(1) + options.Margin)), slots.Max());
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
            Assert.Equal(Start, await limiter.WaitAsync("t", $"first{i}", default));
        }

        // Ten sends wait for the next window; the machine stalls and they wake half a second after their slot.
        var late = Enumerable.Range(0, 10).Select(i => limiter.WaitAsync("t", $"late{i}", default)).ToList();
        clock.Advance(window + TimeSpan.FromMilliseconds(500));
        var departed = await Task.WhenAll(late);
        Assert.All(departed, d => Assert.Equal(clock.GetUtcNow(), d));

        // Sends booked now see those ten where they really left: only 40 more fit in this window.
        var now = clock.GetUtcNow();
        var next = Enumerable.Range(0, 60).Select(i => limiter.Reserve("t", $"next{i}")).ToList();
        Assert.Equal(40, next.Count(s => s < now + window));
    }

    [Fact]
    public async Task WaitAsync_OnTime_LeavesAtItsSlot()
    {
        var clock = new FakeTimeProvider(Start);
        var limiter = new TeamsRateLimiter(new RateLimitOptions(), clock);
        for (var i = 0; i < 7; i++)
        {
            await limiter.WaitAsync("t", "one", default);
        }

        var eighth = limiter.WaitAsync("t", "one", default);
        Assert.False(eighth.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1) + new RateLimitOptions().Margin);
        Assert.Equal(clock.GetUtcNow(), await eighth);
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
