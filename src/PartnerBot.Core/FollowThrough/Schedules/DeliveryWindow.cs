namespace PartnerBot.Core.FollowThrough.Schedules;

/// <summary>When a nudge may reach a person: inside their working hours, outside quiet hours, not on vacation.</summary>
public static class DeliveryWindow
{
    /// <summary>The earliest instant at or after <paramref name="notBefore"/> that the person accepts nudges.</summary>
    public static DateTimeOffset NextOpening(DeliveryPreferences prefs, TimeZoneInfo zone, DateTimeOffset notBefore)
    {
        var localNow = TimeZoneInfo.ConvertTime(notBefore, zone).DateTime;
        // A year is far more than any vacation plus a week; it bounds the loop if preferences were ever impossible.
        for (var day = DateOnly.FromDateTime(localNow); day <= DateOnly.FromDateTime(localNow).AddDays(366); day = day.AddDays(1))
        {
            if (!prefs.WorkingDays.Contains(day.DayOfWeek) || (prefs.VacationUntil is { } away && day <= away))
            {
                continue;
            }

            var start = day.ToDateTime(prefs.WorkStart);
            var end = day.ToDateTime(prefs.WorkEnd);
            var candidate = start < localNow ? localNow : start;
            candidate = SkipQuiet(candidate, prefs);
            if (candidate >= end)
            {
                continue;
            }

            var instant = TimeZones.ToInstant(candidate, zone);
            return instant < notBefore ? notBefore : instant;
        }

        return notBefore.AddYears(1);
    }

    public static bool IsOpen(DeliveryPreferences prefs, TimeZoneInfo zone, DateTimeOffset now) =>
        NextOpening(prefs, zone, now) == now;

    private static DateTime SkipQuiet(DateTime local, DeliveryPreferences prefs)
    {
        var t = TimeOnly.FromDateTime(local);
        if (!t.IsBetween(prefs.QuietStart, prefs.QuietEnd))
        {
            return local;
        }

        var end = DateOnly.FromDateTime(local).ToDateTime(prefs.QuietEnd);
        return end > local ? end : end.AddDays(1);
    }
}
