using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Workspaces;

/// <summary>Whether a role change may go ahead, and if not, why.</summary>
public enum RoleChangeCheck
{
    Allowed,

    /// <summary>The caller is not an admin (any more).</summary>
    CallerNotAdmin,

    /// <summary>The person named is not a member of the workspace.</summary>
    NoSuchMember,

    /// <summary>The person named is an admin by configuration and cannot be demoted in the bot.</summary>
    ConfiguredAdmin,

    /// <summary>The change would leave the workspace without an admin.</summary>
    LastAdmin,
}

/// <summary>
/// Who may change roles: only admins; nobody demotes an admin named in configuration; and a workspace always keeps at
/// least one admin. Decided on one consistent read of the members and the admin roster, which the write then requires
/// to be unchanged.
/// </summary>
public static class RoleRules
{
    /// <summary>
    /// The workspace's admins: the roster, and every member named in configuration (configuration from another
    /// tenant names nobody here, since only this workspace's members count).
    /// </summary>
    public static IReadOnlySet<string> Admins(WorkspaceRoles roles, ConfiguredAdmins configured)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(configured);
        var admins = new HashSet<string>(roles.Admins?.Value.UserIds ?? [], StringComparer.Ordinal);
        admins.UnionWith(roles.Members.Select(m => m.Value.UserId).Where(configured.Contains));
        return admins;
    }

    public static RoleChangeCheck Check(IReadOnlySet<string> admins, string callerUserId, Member? target, WorkspaceRole role, ConfiguredAdmins configured)
    {
        ArgumentNullException.ThrowIfNull(admins);
        ArgumentNullException.ThrowIfNull(configured);
        if (!admins.Contains(callerUserId))
        {
            return RoleChangeCheck.CallerNotAdmin;
        }

        if (target is null)
        {
            return RoleChangeCheck.NoSuchMember;
        }

        if (role == WorkspaceRole.Admin)
        {
            return RoleChangeCheck.Allowed;
        }

        if (configured.Contains(target.UserId))
        {
            return RoleChangeCheck.ConfiguredAdmin;
        }

        return admins.Contains(target.UserId) && !admins.Any(a => a != target.UserId)
            ? RoleChangeCheck.LastAdmin
            : RoleChangeCheck.Allowed;
    }
}
