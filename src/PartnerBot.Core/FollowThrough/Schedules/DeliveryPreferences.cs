using PartnerBot.Core.FollowThrough.Nudges;

namespace PartnerBot.Core.FollowThrough.Schedules;

/// <summary>When and about what one person wants to be nudged. Defaults: weekdays 09:00–17:00, quiet 18:00–08:00.</summary>
public sealed record DeliveryPreferences
{
    public static DeliveryPreferences Default { get; } = new();

    public TimeOnly WorkStart { get; init; } = new(9, 0);
    public TimeOnly WorkEnd { get; init; } = new(17, 0);
    /// <summary>A band of the day (may wrap past midnight) when nothing is sent even inside working hours.</summary>
    public TimeOnly QuietStart { get; init; } = new(18, 0);
    public TimeOnly QuietEnd { get; init; } = new(8, 0);
    public IReadOnlySet<DayOfWeek> WorkingDays { get; init; } = new HashSet<DayOfWeek>
    {
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    };
    /// <summary>Away up to and including this date (in their own zone).</summary>
    public DateOnly? VacationUntil { get; init; }
    // No zone here: the member row is the one home of a zone the person chose (see Workspaces.ZoneRules); a zone an
    // older row still holds is ignored when read.
    public IReadOnlySet<NudgeKind> MutedKinds { get; init; } = new HashSet<NudgeKind>();

    /// <summary>Checks the values a settings card sent; returns the problems in plain words.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (WorkEnd <= WorkStart)
        {
            problems.Add("Working hours must end after they start.");
        }

        if (WorkingDays.Count == 0)
        {
            problems.Add("Pick at least one working day.");
        }

        return problems;
    }
}

/// <summary>IANA time zones; an unknown id is never a crash.</summary>
public static class TimeZones
{
    public static TimeZoneInfo? Find(string? id)
    {
        // IANA ids are short ("America/Argentina/ComodRivadavia" is among the longest); anything longer is not one.
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            // A client-written id with characters no zone file name has.
            return null;
        }
    }

    /// <summary>The person's chosen zone, else the zone their client reported, else the workspace's, else UTC.</summary>
    public static TimeZoneInfo Resolve(string? chosen, string? fromActivity, string? workspaceDefault) =>
        Find(chosen) ?? Find(fromActivity) ?? Find(workspaceDefault) ?? TimeZoneInfo.Utc;

    /// <summary>
    /// The instant a local wall-clock time happens. A time skipped by a spring-forward change moves to the first valid
    /// minute after it; an ambiguous autumn time takes its first (daylight) occurrence, so a send is never delayed an hour.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
