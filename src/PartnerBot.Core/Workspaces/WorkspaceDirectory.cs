using System.Collections.Concurrent;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Storage;

namespace PartnerBot.Core.Workspaces;

/// <summary>
/// Turns a person into a <see cref="Caller"/>: creates the tenant's workspace on first contact (the first person
/// becomes its admin) and the person's membership. Known members are cached in memory, so an ordinary turn
/// costs no storage read; role changes made through this instance update the cache at once.
/// </summary>
public sealed class WorkspaceDirectory(IWorkspaceStore workspaces, IMemberStore members, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Tenant, string Workspace, string User), WorkspaceRole> known = new();

    public async Task<Caller> ResolveAsync(UserRef user, CancellationToken cancellationToken)
    {
        var key = WorkspaceKey.DefaultFor(user.TenantId);
        if (known.TryGetValue((key.TenantId, key.WorkspaceId, user.UserId), out var role))
        {
            return new Caller(user, key, role);
        }

        var member = await EnsureMemberAsync(key, user, cancellationToken);
        known[(key.TenantId, key.WorkspaceId, user.UserId)] = member.Role;
        return new Caller(user, key, member.Role);
    }

    /// <summary>Reads the role from storage, not the cache: used before an admin-only change.</summary>
    public async Task<WorkspaceRole?> CurrentRoleAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        (await members.GetAsync(workspace, userId, cancellationToken))?.Value.Role;

    public async Task<Member> SetRoleAsync(WorkspaceKey workspace, string userId, WorkspaceRole role, CancellationToken cancellationToken)
    {
        var stored = await members.GetAsync(workspace, userId, cancellationToken)
            ?? throw new InvalidOperationException("No such member.");
        var saved = await members.SaveAsync(stored.Value with { Role = role }, stored.ETag, cancellationToken);
        known[(workspace.TenantId, workspace.WorkspaceId, userId)] = role;
        return saved.Value;
    }

    private async Task<Member> EnsureMemberAsync(WorkspaceKey key, UserRef user, CancellationToken cancellationToken)
    {
        var existing = await members.GetAsync(key, user.UserId, cancellationToken);
        if (existing is not null)
        {
            return existing.Value;
        }

        var now = time.GetUtcNow();
        if (await workspaces.GetAsync(key, cancellationToken) is null)
        {
            var admin = new Member { Workspace = key, UserId = user.UserId, Name = user.Name, Role = WorkspaceRole.Admin, TimeZone = user.TimeZone, JoinedAt = now };
            var workspace = new Workspace { Key = key, Name = "Library workspace", CreatedAt = now, CreatedByUserId = user.UserId };
            try
            {
                await workspaces.CreateAsync(workspace, admin, cancellationToken);
                return admin;
            }
            catch (ConcurrencyConflictException)
            {
                // Someone else was first; this person joins as staff below.
            }

            existing = await members.GetAsync(key, user.UserId, cancellationToken);
            if (existing is not null)
            {
                return existing.Value;
            }
        }

        var staff = new Member { Workspace = key, UserId = user.UserId, Name = user.Name, Role = WorkspaceRole.Staff, TimeZone = user.TimeZone, JoinedAt = now };
        try
        {
            return (await members.SaveAsync(staff, null, cancellationToken)).Value;
        }
        catch (ConcurrencyConflictException)
        {
            // The same person's other turn created the row a moment ago.
            return (await members.GetAsync(key, user.UserId, cancellationToken))?.Value ?? staff;
        }
    }
}
