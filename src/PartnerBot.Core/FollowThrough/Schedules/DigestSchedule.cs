using System.Globalization;
using System.Text.Json.Serialization;

namespace PartnerBot.Core.FollowThrough.Schedules;

/// <summary>When a workspace's weekly digest goes out. Default Monday 08:00 in each manager's zone.</summary>
public sealed record DigestSettings
{
    public DayOfWeek Day { get; init; } = DayOfWeek.Monday;
    public int Hour { get; init; } = 8;
    /// <summary>A team channel's conversation id chosen by an admin; null sends to each manager's 1:1 chat.</summary>
    public string? ChannelConversationId { get; init; }
    public string? ChannelServiceUrl { get; init; }
    /// <summary>The channel's name as Teams sent it when the admin chose it, for showing; may be null.</summary>
    public string? ChannelName { get; init; }

    /// <summary>True when the digest goes to a team channel rather than to each manager.</summary>
    [JsonIgnore]
    public bool GoesToChannel => ChannelConversationId is not null && ChannelServiceUrl is not null;
}

public static class DigestSchedule
{
    /// <summary>The ISO week a local date falls in, e.g. "2026-W48": the occurrence part of a digest's idempotency key.</summary>
    public static string IsoWeek(DateOnly date) =>
        $"{ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)):00}";

    /// <summary>
    /// How long after its send time a digest may still go out, so a restart or a slow planning pass still sends it. Past
    /// this the week's digest is skipped, never sent days late (a digest on a Saturday for a Monday setting surprises).
    /// </summary>
    public static readonly TimeSpan CatchUpWindow = TimeSpan.FromHours(3);

    /// <summary>
    /// The digest due for this recipient at <paramref name="now"/>: the ISO week whose send time (in their zone) has
    /// passed, by no more than <see cref="CatchUpWindow"/>, and only when the recipient was already there at the send
    /// time (<paramref name="recipientSince"/>: when the manager joined, or the workspace was created): someone who
    /// arrives after this week's send time gets the next one, not one minutes after arriving.
    /// </summary>
    public static string? DueWeek(DigestSettings settings, TimeZoneInfo zone, DateTimeOffset now, DateTimeOffset? recipientSince = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var today = DateOnly.FromDateTime(local);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var sendDay = monday.AddDays(((int)settings.Day + 6) % 7);
        var sendAt = TimeZones.ToInstant(sendDay.ToDateTime(new TimeOnly(settings.Hour, 0)), zone);
        if (now < sendAt || now - sendAt > CatchUpWindow || recipientSince > sendAt)
        {
            return null;
        }

        return IsoWeek(today);
    }

    /// <summary>Monday 00:00 of the ISO week containing the instant, in the zone: the start of "this week".</summary>
    public static DateTimeOffset WeekStart(TimeZoneInfo zone, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return TimeZones.ToInstant(monday.ToDateTime(TimeOnly.MinValue), zone);
    }
}
