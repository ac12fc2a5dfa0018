using PartnerBot.Core.FollowThrough.Schedules;

namespace PartnerBot.Core.Workspaces;

/// <summary>
/// Whose clock a person lives by. A zone they chose (in 'nudges') stands until they change it; otherwise it follows the
/// zone their Teams client reports on each activity, so a person who travels or moves is read and reached in their
/// current zone; a person whose client never said is on the library's default, and that default is UTC until an admin
/// sets one.
/// </summary>
public static class ZoneRules
{
    /// <summary>A reported zone, trimmed, when it names a zone we know; else null (an unknown id is ignored, never stored).</summary>
    public static string? Known(string? reported) =>
        TimeZones.Find(reported) is null ? null : reported!.Trim();

    /// <summary>The zone the member's row should hold after a turn that reported <paramref name="reported"/>; null to leave the row alone.</summary>
    public static string? Updated(Member member, string? reported)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (member.TimeZoneChosen || Known(reported) is not { } zone)
        {
            return null;
        }

        return string.Equals(member.TimeZone, zone, StringComparison.Ordinal) ? null : zone;
    }

    /// <summary>The zone a person is shown dates in and reached in.</summary>
    public static TimeZoneInfo Effective(Member? member, string? reported, string? workspaceDefault)
    {
        if (member?.TimeZoneChosen == true)
        {
            return TimeZones.Resolve(member.TimeZone, null, workspaceDefault);
        }

        return TimeZones.Resolve(null, Known(reported) ?? member?.TimeZone, workspaceDefault);
    }

    /// <summary>True when a person's zone depends on the library's default: neither they nor their client named one.</summary>
    public static bool NeedsDefault(Member? member, string? reported) =>
        TimeZones.Find(member?.TimeZone) is null && Known(reported) is null;
}
