using PartnerBot.Core.Cards;

namespace PartnerBot.Core.Partners;

/// <summary>Plain-English names for partner types and sectors (stages: <see cref="PartnerStages"/>), and the sector a type usually belongs to.</summary>
public static class PartnerCatalog
{
    public const int MaxNameLength = 120;
    public const int MaxNotesLength = 2000;
    public const int MaxWebsiteLength = 300;
    public const int MaxReasonLength = 500;

    /// <summary>Example subject clusters (seed 003 and PRODUCT.md); people may add their own. Stored as the text; the card sends the id.</summary>
    public static NamedChoices ExampleClusters { get; } = new(
        new NamedChoice("children", "Children and families"),
        new NamedChoice("education", "Education"),
        new NamedChoice("digital", "Digital inclusion"),
        new NamedChoice("employability", "Employability"),
        new NamedChoice("history", "Local history"),
        new NamedChoice("health", "Health"),
        new NamedChoice("sustainability", "Sustainability"),
        new NamedChoice("arts", "Arts and culture"));

    public static string Label(PartnerType type) => type switch
    {
        PartnerType.LocalGovernment => "Local government",
        PartnerType.StateGovernment => "State government",
        PartnerType.FederalGovernment => "Federal government",
        PartnerType.Nonprofit => "Nonprofit",
        PartnerType.PrivateCompany => "Private company",
        PartnerType.SchoolDistrict => "School district",
        PartnerType.UniversityOrResearch => "University or research institute",
        PartnerType.CulturalInstitution => "Cultural institution",
        PartnerType.Individual => "Individual (developer, writer, artist…)",
        _ => type.ToString(),
    };

    /// <summary>The usual sector of a type (seed 003: civic, public, market); people can change it.</summary>
    public static Sector SuggestSector(PartnerType type) => type switch
    {
        PartnerType.LocalGovernment or PartnerType.StateGovernment or PartnerType.FederalGovernment
            or PartnerType.SchoolDistrict or PartnerType.UniversityOrResearch => Sector.Public,
        PartnerType.PrivateCompany => Sector.Market,
        _ => Sector.Civic,
    };

    public static string Label(Sector sector) => sector.ToString();

    public static string Label(RelationshipKind kind) => kind.ToString();

    /// <summary>Sponsorship, funding and market partners need the library's values checked first (seed 003).</summary>
    public static bool NeedsValuesCheck(Partner partner) =>
        partner.Sector == Sector.Market || partner.Relationship is RelationshipKind.Sponsorship or RelationshipKind.Funding;
}
