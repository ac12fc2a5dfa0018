using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.Cards;

/// <summary>The time zones a person or an admin can pick, by their IANA names, each with its offset today.</summary>
public static class ZoneChoices
{
    /// <summary>The value that means "follow the zone Teams reports for me".</summary>
    public const string FollowTeams = "teams";

    private static readonly Lazy<IReadOnlyList<TimeZoneInfo>> Zones = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Where(z => z.Id.Contains('/', StringComparison.Ordinal) && !z.Id.StartsWith("Etc/", StringComparison.Ordinal))
            .Append(TimeZoneInfo.Utc)
            .DistinctBy(z => z.Id)
            .OrderBy(z => z.Id, StringComparer.Ordinal)
            .ToList());

    /// <summary>Every zone, "Europe/Amsterdam (UTC+01:00)", in alphabetical order for the type-ahead box.</summary>
    public static List<Choice> All(DateTimeOffset at) =>
        Zones.Value.Select(z => new Choice(Dates.ZoneName(z, at), z.Id)).ToList();
}
