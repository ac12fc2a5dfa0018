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
