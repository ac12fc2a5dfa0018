namespace PartnerBot.Core.Needs;

/// <summary>The kinds of need a library names for a program (seeds 001, 002).</summary>
public enum NeedKind
{
    Financial,
    Technology,
    HumanResources,
    Space,
}

/// <summary>Whether a financial need is for the short or the long term.</summary>
public enum NeedTerm
{
    ShortTerm,
    LongTerm,
}

/// <summary>1 = nice to have, 3 = essential.</summary>
public enum NeedPriority
{
    Low = 1,
    Medium = 2,
    High = 3,
}

public sealed record Need
{
    /// <summary>Stable id within the assessment, e.g. "n1".</summary>
    public required string Id { get; init; }
    public required NeedKind Kind { get; init; }
    public required string Description { get; init; }
    public NeedPriority Priority { get; init; } = NeedPriority.Medium;
    /// <summary>Only for financial needs.</summary>
    public NeedTerm? Term { get; init; }
}

/// <summary>A criterion the library judges partners by, with a weight of 1 to 5 (seed 000 step 1, 001).</summary>
public sealed record Criterion
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public int Weight { get; init; } = 3;
}

/// <summary>Why the library needs partners for one program or goal (seeds 001, 002).</summary>
public sealed record NeedsAssessment
{
    public required string Id { get; init; }
    public required string Goal { get; init; }
    public string StrategicPlanLink { get; init; } = "";
    public string CommunityStrategyLink { get; init; } = "";
    public string TargetUsers { get; init; } = "";
    public bool UsersConsulted { get; init; }
    public IReadOnlyList<Need> Needs { get; init; } = [];
    /// <summary>What the library can offer a partner in return (rooms, computers, reach, trust, brand…).</summary>
    public IReadOnlyList<string> Offers { get; init; } = [];
    public IReadOnlyList<Criterion> Criteria { get; init; } = [];
    public required string CreatedByUserId { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}
