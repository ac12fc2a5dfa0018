namespace PartnerBot.Core.Partners;

/// <summary>How often the partners talk.</summary>
public enum CommunicationCadence
{
    Weekly,
    Fortnightly,
    Monthly,
    Quarterly,
}

/// <summary>The agreed shape of a partnership (seeds 000 closing, 001, 003).</summary>
public sealed record Formalisation
{
    public required string PartnerId { get; init; }
    public string LibraryRole { get; init; } = "";
    public string PartnerRole { get; init; } = "";
    public string Personnel { get; init; } = "";
    public string Equipment { get; init; } = "";
    public string Facilities { get; init; } = "";
    public string Technology { get; init; } = "";
    public string SharedVision { get; init; } = "";
    public string ConflictHandling { get; init; } = "";
    public string AvoidingDuplication { get; init; } = "";
    public CommunicationCadence Cadence { get; init; } = CommunicationCadence.Monthly;
    public DateOnly? StartDate { get; init; }
    public DateOnly? ReviewDate { get; init; }
    public DateOnly? RenewalDate { get; init; }
    /// <summary>For market partners: the library's values were checked and the partner fits them.</summary>
    public bool? ValuesCheckPassed { get; init; }
    public required string UpdatedByUserId { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What a <see cref="CommunicationCadence"/> means: its words and the days between two contacts.</summary>
public static class CommunicationCadences
{
    /// <summary>The days after which a partnership with this cadence has been quiet too long.</summary>
    public static int Days(this CommunicationCadence cadence) => cadence switch
    {
        CommunicationCadence.Weekly => 7,
        CommunicationCadence.Fortnightly => 14,
        CommunicationCadence.Monthly => 31,
        CommunicationCadence.Quarterly => 92,
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, null),
    };

    /// <summary>"every week", "every month", …, to follow "you agreed to talk".</summary>
    public static string InWords(this CommunicationCadence cadence) => cadence switch
    {
        CommunicationCadence.Weekly => "every week",
        CommunicationCadence.Fortnightly => "every two weeks",
        CommunicationCadence.Monthly => "every month",
        CommunicationCadence.Quarterly => "every quarter",
        _ => throw new ArgumentOutOfRangeException(nameof(cadence), cadence, null),
    };
}
