namespace PartnerBot.Core.Workspaces;

/// <summary>Identifies a library workspace inside a Teams tenant. Every stored key is scoped by it.</summary>
public sealed record WorkspaceKey(string TenantId, string WorkspaceId)
{
    /// <summary>The id of the one workspace a tenant gets by default.</summary>
    public const string DefaultWorkspaceId = "default";

    public static WorkspaceKey DefaultFor(string tenantId) => new(tenantId, DefaultWorkspaceId);

    public override string ToString() => $"{TenantId}/{WorkspaceId}";
}

/// <summary>A library's workspace: its name, defaults and settings.</summary>
public sealed record Workspace
{
    public required WorkspaceKey Key { get; init; }
    public required string Name { get; init; }
    /// <summary>IANA time zone used for people whose own zone is not known yet, and for digests posted in a channel.</summary>
    public string DefaultTimeZone { get; init; } = "UTC";
    /// <summary>When an admin last named the library (and set its zone); null until then, when <see cref="Name"/> is a placeholder.</summary>
    public DateTimeOffset? NamedAt { get; init; }
    /// <summary>The library's name as an admin gave it; null until one has.</summary>
    public string? LibraryName => NamedAt is null ? null : Name;
    public required DateTimeOffset CreatedAt { get; init; }
    public required string CreatedByUserId { get; init; }
}

/// <summary>What a member may do in a workspace.</summary>
public enum WorkspaceRole
{
    Staff,
    Manager,
    Admin,
}

/// <summary>A staff member of a workspace, known by their Entra object id.</summary>
public sealed record Member
{
    public required WorkspaceKey Workspace { get; init; }
    /// <summary>Entra object id (aadObjectId); the channel user id when Entra gives none (playground).</summary>
    public required string UserId { get; init; }
    public required string Name { get; init; }
    public WorkspaceRole Role { get; init; } = WorkspaceRole.Staff;
    /// <summary>IANA time zone: the one the person chose, else the one their latest activity reported (see <see cref="ZoneRules"/>).</summary>
    public string? TimeZone { get; init; }
    /// <summary>The person chose <see cref="TimeZone"/> themselves, so what their client reports does not replace it.</summary>
    public bool TimeZoneChosen { get; init; }
    public required DateTimeOffset JoinedAt { get; init; }
    /// <summary>When the welcome card last went to them (an install); null when it never did.</summary>
    public DateTimeOffset? WelcomedAt { get; init; }
}
