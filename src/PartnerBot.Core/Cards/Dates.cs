using System.Globalization;

namespace PartnerBot.Core.Cards;

/// <summary>
/// The one way PartnerBot writes a date for people: as a person would write it ("4 Dec 2026", "week of 30 Nov"),
/// never an ISO date or week number, and always on the reader's own calendar (an instant becomes a day in the
/// reader's zone). Every card, prompt and the digest go through here; <see cref="InputValue"/> is only for the
/// machine-read value of a date input.
/// </summary>
public static class Dates
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"4 Dec 2026".</summary>
    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", Invariant);

    /// <summary>The day an instant falls on for someone in <paramref name="zone"/>, written as <see cref="Day(DateOnly)"/>.</summary>
    public static string Day(DateTimeOffset instant, TimeZoneInfo zone) => Day(LocalDay(instant, zone));

    /// <summary>"4 Dec": for a date close enough that its year goes without saying (within the digest's week, a due list).</summary>
    public static string ShortDay(DateOnly date) => date.ToString("d MMM", Invariant);

    /// <summary>"today", "yesterday", else <see cref="Day(DateOnly)"/>: how a person says when something happened.</summary>
    public static string Relative(DateOnly date, DateOnly today) =>
        date == today ? "today" : date == today.AddDays(-1) ? "yesterday" : Day(date);

    /// <summary>"week of 30 Nov": the week that starts on <paramref name="monday"/>.</summary>
    public static string WeekOf(DateOnly monday) => "week of " + ShortDay(monday);

    /// <summary>The Monday of the week <paramref name="date"/> is in.</summary>
    public static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>The calendar day an instant falls on in <paramref name="zone"/>.</summary>
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>Today, for someone in <paramref name="zone"/>.</summary>
    public static DateOnly Today(TimeProvider time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(time);
        return LocalDay(time.GetUtcNow(), zone);
    }

    /// <summary>
    /// The instant stored for a day someone picked that is not today: noon of that day in their zone, so the day reads
    /// back the same in their zone and in any zone within eleven hours of it.
    /// </summary>
    public static DateTimeOffset NoonOf(DateOnly date, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return FollowThrough.Schedules.TimeZones.ToInstant(date.ToDateTime(new TimeOnly(12, 0)), zone);
    }

    /// <summary>The value of an <c>Input.Date</c> (the card format, yyyy-MM-dd); the client shows it in the reader's own way.</summary>
    public static string InputValue(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    /// <summary>A zone's name as people read it: "Europe/Amsterdam" becomes "Europe/Amsterdam (UTC+01:00)" at <paramref name="at"/>.</summary>
    public static string ZoneName(TimeZoneInfo zone, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var offset = zone.GetUtcOffset(at);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return zone.Id == TimeZoneInfo.Utc.Id ? "UTC" : $"{zone.Id} (UTC{sign}{offset.Duration():hh\\:mm})";
    }
}
