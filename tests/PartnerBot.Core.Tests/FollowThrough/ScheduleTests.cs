using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;

namespace PartnerBot.Core.Tests.FollowThrough;

public class ScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin")!;
    private static readonly TimeZoneInfo NewYork = TimeZones.Find("America/New_York")!;
    private static readonly TimeZoneInfo Auckland = TimeZones.Find("Pacific/Auckland")!;

    private static readonly NudgeCause Cause = new()
    {
        Kind = NudgeKind.NextStepOverdue,
        PartnerId = "p1",
        PartnerName = "Museum",
        EntityId = "s1",
        Occurrence = new DateOnly(2026, 11, 20),
        RecipientUserId = "u1",
        Reason = "Overdue",
    };

    [Theory]
    // Monday 07:00 UTC is 08:00 in Berlin: quiet until 08:00, working from 09:00 → 08:00 UTC.
    [InlineData("2026-11-23T07:00:00Z", "Europe/Berlin", "2026-11-23T08:00:00Z")]
    // Monday 12:00 UTC is 13:00 in Berlin: open now.
    [InlineData("2026-11-23T12:00:00Z", "Europe/Berlin", "2026-11-23T12:00:00Z")]
    // Friday 16:30 UTC is 17:30 in Berlin: after hours, next is Monday 09:00 Berlin.
    [InlineData("2026-11-27T16:30:00Z", "Europe/Berlin", "2026-11-30T08:00:00Z")]
    // Monday 12:00 UTC is 07:00 in New York: wait until 09:00 New York.
    [InlineData("2026-11-23T12:00:00Z", "America/New_York", "2026-11-23T14:00:00Z")]
    // Sunday 22:00 UTC is Monday 11:00 in Auckland: their Monday, open now.
    [InlineData("2026-11-22T22:00:00Z", "Pacific/Auckland", "2026-11-22T22:00:00Z")]
    public void NextOpening_InPersonsOwnZone_IsInsideTheirWorkingHours(string now, string zone, string expected)
    {
        var opening = DeliveryWindow.NextOpening(DeliveryPreferences.Default, TimeZones.Find(zone)!, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), opening);
    }

    [Fact]
    public void NextOpening_QuietHoursInsideWorkingHours_AreSkipped()
    {
        var prefs = DeliveryPreferences.Default with { QuietStart = new TimeOnly(12, 0), QuietEnd = new TimeOnly(14, 0) };

        var opening = DeliveryWindow.NextOpening(prefs, TimeZoneInfo.Utc, new DateTimeOffset(2026, 11, 23, 12, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), opening);
    }

    [Fact]
    public void NextOpening_OwnWorkingDays_SkipsOthers()
    {
        var prefs = DeliveryPreferences.Default with { WorkingDays = new HashSet<DayOfWeek> { DayOfWeek.Thursday } };

        var opening = DeliveryWindow.NextOpening(prefs, TimeZoneInfo.Utc, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero), opening);
    }

    [Fact]
    public void NextOpening_OnVacation_WaitsUntilFirstWorkingDayAfter()
    {
        var prefs = DeliveryPreferences.Default with { VacationUntil = new DateOnly(2026, 12, 4) };

        var opening = DeliveryWindow.NextOpening(prefs, Berlin, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero), opening);
    }

    [Theory]
    // Berlin leaves summer time on Sunday 25 Oct 2026: 09:00 is 07:00 UTC on the Friday before, 08:00 UTC on the Monday after.
    [InlineData("2026-10-23T05:00:00Z", "2026-10-23T07:00:00Z")]
    [InlineData("2026-10-24T05:00:00Z", "2026-10-26T08:00:00Z")]
    // Berlin enters summer time on Sunday 29 Mar 2026.
    [InlineData("2026-03-27T05:00:00Z", "2026-03-27T08:00:00Z")]
    [InlineData("2026-03-28T05:00:00Z", "2026-03-30T07:00:00Z")]
    public void NextOpening_DstChangeWeek_KeepsLocalNineOClock(string now, string expected)
    {
        var opening = DeliveryWindow.NextOpening(DeliveryPreferences.Default, Berlin, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), opening);
        Assert.Equal(9, TimeZoneInfo.ConvertTime(opening, Berlin).Hour);
    }

    [Fact]
    public void ToInstant_TimeSkippedBySpringForward_MovesToFirstValidMinute()
    {
        // 02:30 does not exist in New York on 8 Mar 2026.
        var instant = TimeZones.ToInstant(new DateTime(2026, 3, 8, 2, 30, 0), NewYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void Decide_FakeClockThroughDstWeek_SendsOncePerWorkingDayAtNineWithBackoff()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 10, 22, 0, 0, 0, TimeSpan.Zero));
        var state = new NudgeState { CauseKey = Cause.Key };
        var sent = new List<DateTimeOffset>();
        while (clock.GetUtcNow() < new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero))
        {
            if (NudgeSchedule.Decide(Cause, state, DeliveryPreferences.Default, Berlin, clock.GetUtcNow()) is NudgeDecision.SendNow send)
            {
                Assert.Equal(state.SentCount + 1, send.Occurrence);
                sent.Add(clock.GetUtcNow());
                state = state with { SentCount = send.Occurrence, LastSentAt = clock.GetUtcNow() };
            }

            clock.Advance(TimeSpan.FromMinutes(15));
        }

        var local = sent.Select(s => TimeZoneInfo.ConvertTime(s, Berlin)).ToList();
        Assert.All(local, l => Assert.InRange(l.TimeOfDay, TimeSpan.FromHours(9), TimeSpan.FromHours(17)));
        Assert.All(local, l => Assert.True(l.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday));
        // 1, 2, 4, 8 days apart at least (weekends push some later).
        var gaps = sent.Zip(sent.Skip(1), (a, b) => (b - a).TotalDays).ToList();
        Assert.Equal(new[] { 1.0, 2.0, 4.0 }, gaps.Take(3).Select((g, i) => Math.Min(g, new[] { 1.0, 2.0, 4.0 }[i])));
        Assert.All(gaps.Skip(3), g => Assert.True(g >= 8));
        Assert.Equal(new DateTimeOffset(2026, 10, 22, 7, 0, 0, TimeSpan.Zero), sent[0]);
    }

    [Theory]
    [InlineData(SnoozeLength.OneDay, "2026-11-24T09:00:00Z")]
    [InlineData(SnoozeLength.OneWeek, "2026-11-30T09:00:00Z")]
    public void Decide_Snoozed_WaitsUntilSnoozeEndsInsideWorkingHours(SnoozeLength length, string expected)
    {
        var now = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var state = NudgeSchedule.Snooze(new NudgeState { CauseKey = Cause.Key }, length, now);

        var decision = NudgeSchedule.Decide(Cause, state, DeliveryPreferences.Default, TimeZoneInfo.Utc, now);

        Assert.Equal(new NudgeDecision.WaitUntil(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), decision);
    }

    [Fact]
    public void Decide_KindMuted_Never()
    {
        var prefs = DeliveryPreferences.Default with { MutedKinds = new HashSet<NudgeKind> { NudgeKind.NextStepOverdue } };

        Assert.IsType<NudgeDecision.Never>(NudgeSchedule.Decide(Cause, null, prefs, TimeZoneInfo.Utc, new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(9, 8)]
    public void BackoffAfter_Repeats_Double_UpToEightDays(int sentCount, int days)
    {
        Assert.Equal(TimeSpan.FromDays(days), NudgeSchedule.BackoffAfter(sentCount));
    }

    [Theory]
    [InlineData("2026-11-23T06:59:00Z", "Europe/Berlin", null)]
    [InlineData("2026-11-23T07:00:00Z", "Europe/Berlin", "2026-W48")]
    [InlineData("2026-11-23T10:00:00Z", "Europe/Berlin", "2026-W48")]
    // Past the catch-up window the week's digest is skipped, never sent days late.
    [InlineData("2026-11-23T10:01:00Z", "Europe/Berlin", null)]
    [InlineData("2026-11-26T07:00:00Z", "Europe/Berlin", null)]
    [InlineData("2026-11-28T10:04:00Z", "Europe/Berlin", null)]
    // Sunday 19:00 UTC is already Monday 08:00 in Auckland.
    [InlineData("2026-11-22T19:00:00Z", "Pacific/Auckland", "2026-W48")]
    [InlineData("2026-12-28T13:00:00Z", "America/New_York", "2026-W53")]
    public void DueWeek_MondayEightLocal_KeyedByIsoWeek(string now, string zone, string? expected)
    {
        Assert.Equal(expected, DigestSchedule.DueWeek(new DigestSettings(), TimeZones.Find(zone)!, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    // Joined Saturday: the Monday digest of that week has gone; the next Monday's comes.
    [InlineData("2026-11-28T10:00:00Z", "2026-11-28T10:04:00Z", null)]
    [InlineData("2026-11-28T10:00:00Z", "2026-11-30T07:05:00Z", "2026-W49")]
    // Became a manager minutes after this week's send time: not this week's.
    [InlineData("2026-11-23T07:30:00Z", "2026-11-23T07:35:00Z", null)]
    [InlineData("2026-11-16T09:00:00Z", "2026-11-23T07:35:00Z", "2026-W48")]
    public void DueWeek_RecipientWhoArrivedAfterTheSendTime_GetsTheNextOne(string since, string now, string? expected)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;

        var due = DigestSchedule.DueWeek(new DigestSettings(), TimeZones.Find("Europe/Berlin")!, DateTimeOffset.Parse(now, culture), DateTimeOffset.Parse(since, culture));

        Assert.Equal(expected, due);
    }

    [Fact]
    public void Resolve_UnknownZones_FallBackToWorkspaceThenUtc()
    {
        Assert.Equal(Auckland.Id, TimeZones.Resolve("Not/AZone", null, "Pacific/Auckland").Id);
        Assert.Equal(TimeZoneInfo.Utc, TimeZones.Resolve(null, "nope", "nope"));
    }
}
