using PartnerBot.Core.Assessment;

namespace PartnerBot.Core.Partners;

/// <summary>The kinds of candidate partner the seeds list (000, 001, 003).</summary>
public enum PartnerType
{
    LocalGovernment,
    StateGovernment,
    FederalGovernment,
    Nonprofit,
    PrivateCompany,
    SchoolDistrict,
    UniversityOrResearch,
    CulturalInstitution,
    Individual,
}

/// <summary>Civic, public or market (seed 003).</summary>
public enum Sector
{
    Civic,
    Public,
    Market,
}

/// <summary>Seed 003 treats these differently: sponsorship and funding raise values questions.</summary>
public enum RelationshipKind
{
    Partnership,
    Sponsorship,
    Funding,
}

/// <summary>Where a partner is in the pipeline.</summary>
public enum PartnerStage
{
    Identified,
    Screened,
    Assessed,
    Prioritised,
    InTalks,
    Formalised,
    Active,
    UnderReview,
    Ended,
}

/// <summary>The words people read for a <see cref="PartnerStage"/>: the one place a stage gets its label.</summary>
public static class PartnerStages
{
    /// <summary>The stage as a label or title, e.g. "In talks", "Under review", "Active".</summary>
    public static string Label(this PartnerStage stage) => stage switch
    {
        PartnerStage.InTalks => "In talks",
        PartnerStage.UnderReview => "Under review",
        _ => stage.ToString(),
    };

    /// <summary>The stage inside a sentence or a list, e.g. "in talks", "active".</summary>
    public static string InSentence(this PartnerStage stage) => stage.Label().ToLowerInvariant();
}

/// <summary>The designated staff contact of a partner: one person, or a small team (seed 001).</summary>
public sealed record ContactAssignment
{
    /// <summary>Member user ids; the first is the lead who receives prompts and nudges.</summary>
    public required IReadOnlyList<string> UserIds { get; init; }
    public required DateTimeOffset AssignedAt { get; init; }
    public required string AssignedByUserId { get; init; }
}

public sealed record Partner
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required PartnerType Type { get; init; }
    public required Sector Sector { get; init; }
    /// <summary>Subject clusters, e.g. "children and families", "digital inclusion".</summary>
    public IReadOnlyList<string> Clusters { get; init; } = [];
    /// <summary>Ids of needs (from any needs assessment of the workspace) this partner might cover.</summary>
    public IReadOnlyList<string> NeedIds { get; init; } = [];
    public RelationshipKind Relationship { get; init; } = RelationshipKind.Partnership;
    public string? Website { get; init; }
    public string? Notes { get; init; }
    public PartnerStage Stage { get; init; } = PartnerStage.Identified;
    /// <summary>Why the partnership ended (stage Ended), or why it is under review.</summary>
    public string? StageReason { get; init; }
    public ContactAssignment? Contact { get; init; }
    public required string CreatedByUserId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Average of every rater's screening score (1 to 5), kept on the partner so ranking reads one partition.</summary>
    public double? ScreeningScore { get; init; }
    public int ScreeningRaters { get; init; }
    /// <summary>The latest detailed-assessment score (1 to 5), kept here for the same reason.</summary>
    public double? AssessmentScore { get; init; }
    public Recommendation? Recommendation { get; init; }
    /// <summary>Set while the partner is archived: hidden from lists, pickers, rankings, coverage and the digest; restorable.</summary>
    public PartnerArchive? Archived { get; init; }

    /// <summary>True while archived (<see cref="Archived"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsArchived => Archived is not null;
}

/// <summary>When and by whom a partner was archived.</summary>
public sealed record PartnerArchive(DateTimeOffset At, string ByUserId);
