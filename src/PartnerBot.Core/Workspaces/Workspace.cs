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
    /// <summary>IANA time zone used for people whose own zone is not known yet.</summary>
    public string DefaultTimeZone { get; init; } = "UTC";
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
    /// <summary>IANA time zone from the person's latest activity.</summary>
    public string? TimeZone { get; init; }
    public required DateTimeOffset JoinedAt { get; init; }
}
