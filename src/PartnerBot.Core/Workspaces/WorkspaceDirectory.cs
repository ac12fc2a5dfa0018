using System.Collections.Concurrent;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Workspaces;

/// <summary>
/// Turns a person into a <see cref="Caller"/>. On first contact it asks the directory whether they are the tenant's own
/// staff, and only then creates the tenant's workspace (the first person becomes its admin) and their membership;
/// guests, anonymous and external people are refused and nothing about them is stored. Known members' roles are
/// cached in memory for <see cref="RoleLifetime"/>, so a burst of turns costs one storage read; role changes made
/// through this instance update its cache at once, and a change made on another instance is seen here within that
/// lifetime. Admin-only changes re-read the role from storage. People named in <see cref="ConfiguredAdmins"/> are
/// admins whatever is stored.
/// </summary>
public sealed class WorkspaceDirectory(
    IWorkspaceStore workspaces,
    IMemberStore members,
    IRoleStore roles,
    IRosterLookup roster,
    ConfiguredAdmins configuredAdmins,
    TimeProvider time)
{
    /// <summary>Reads and writes of the roles partition before giving up on a conflict that keeps coming back.</summary>
    private const int Attempts = 3;

    /// <summary>The clock the directory stamps changes with.</summary>
    public TimeProvider Time => time;

    /// <summary>How long a cached role is trusted; short, because another instance may have changed it.</summary>
    public static readonly TimeSpan RoleLifetime = TimeSpan.FromSeconds(30);

    /// <summary>The stored role and zone of each known member, and until when they may be used without a read.</summary>
    private readonly ConcurrentDictionary<(string Tenant, string Workspace, string User), Known> known = new();

    /// <summary>
    /// The caller a person acts as, enrolling them on first contact; or a refusal, with nothing stored, when the
    /// directory says they are not the tenant's own staff or cannot say.
    /// </summary>
    /// <param name="user">Who is speaking.</param>
    /// <param name="place">Where, so the directory can be asked about them; only needed for a new person.</param>
    /// <param name="cancellationToken">Cancels the turn.</param>
    public async Task<Admission> AdmitAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var key = WorkspaceKey.DefaultFor(user.TenantId);
        var configured = configuredAdmins.Contains(user.UserId);
        if (known.TryGetValue(CacheKey(key, user.UserId), out var cached)
            && cached.Until > time.GetUtcNow()
            && (cached.Role == WorkspaceRole.Admin || !configured)
            && ZoneRules.Updated(cached.Member, user.TimeZone) is null)
        {
            return Admission.Admitted(new Caller(user, key, cached.Role) { Zone = ZoneRules.Effective(cached.Member, user.TimeZone, cached.WorkspaceZone), WelcomedAt = cached.Member.WelcomedAt });
        }

        var stored = await members.GetAsync(key, user.UserId, cancellationToken);
        var member = stored?.Value;
        if (member is null)
        {
            var status = EnrolmentRules.Classify(user, await roster.LookUpAsync(user, place, cancellationToken));
            if (status != StaffStatus.Staff)
            {
                return Admission.Refused(status);
            }

            member = await EnrolAsync(key, user, configured, cancellationToken);
        }
        else if (ZoneRules.Updated(member, user.TimeZone) is { } zone)
        {
            member = await KeepZoneAsync(stored!, zone, cancellationToken);
        }

        if (configured && member.Role != WorkspaceRole.Admin)
        {
            // Named in configuration after they joined: store it, so every reader of the member row (digests, exports) agrees.
            member = await PromoteAsync(key, user.UserId, cancellationToken) ?? member;
        }

        // The library's default is read only for someone whose own zone is not known.
        var workspaceZone = ZoneRules.NeedsDefault(member, user.TimeZone) ? (await workspaces.GetAsync(key, cancellationToken))?.Value.DefaultTimeZone : null;
        Remember(key, member, workspaceZone);
        return Admission.Admitted(new Caller(user, key, configured ? WorkspaceRole.Admin : member.Role)
        {
            Zone = ZoneRules.Effective(member, user.TimeZone, workspaceZone),
            WelcomedAt = member.WelcomedAt,
        });
    }

    /// <summary>
    /// Notes on the member's row that the welcome card went to them now, so a hello that follows it is not answered with
    /// a second card of the same buttons. A row that keeps changing is left as it is: the note only saves a repeat.
    /// </summary>
    public async Task MarkWelcomedAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await members.GetAsync(workspace, userId, cancellationToken) is not { } stored)
            {
                return;
            }

            try
            {
                await members.SaveAsync(stored.Value with { WelcomedAt = time.GetUtcNow() }, stored.ETag, cancellationToken);
                Forget(workspace, userId);
                return;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }
    }

    /// <summary>
    /// The person's own choice of zone (<paramref name="zone"/> an IANA id), or, with null, back to following the zone
    /// their Teams client reports (<paramref name="reported"/>, this turn's). Returns the member as saved, or null when
    /// they are not a member or their row kept changing.
    /// </summary>
    public async Task<Member?> ChooseZoneAsync(WorkspaceKey workspace, string userId, string? zone, string? reported, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            if (await members.GetAsync(workspace, userId, cancellationToken) is not { } stored)
            {
                return null;
            }

            var changed = zone is null
                ? stored.Value with { TimeZoneChosen = false, TimeZone = ZoneRules.Known(reported) ?? stored.Value.TimeZone }
                : stored.Value with { TimeZoneChosen = true, TimeZone = zone };
            try
            {
                await members.SaveAsync(changed, stored.ETag, cancellationToken);
                Forget(workspace, userId);
                return changed;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }

        return null;
    }

    /// <summary>The workspace row, with its ETag.</summary>
    public Task<Stored<Workspace>?> GetWorkspaceAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        workspaces.GetAsync(workspace, cancellationToken);

    /// <summary>
    /// An admin names the library and sets its default zone, if the workspace is still as they saw it
    /// (<paramref name="etag"/>); the role is read fresh, not from the cache.
    /// </summary>
    public async Task<LibraryChange> NameLibraryAsync(Caller caller, string name, string zone, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await CurrentRoleAsync(caller.Workspace, caller.User.UserId, cancellationToken) != WorkspaceRole.Admin)
        {
            return LibraryChange.NotAdmin;
        }

        var stored = await workspaces.GetAsync(caller.Workspace, cancellationToken);
        if (stored is null)
        {
            return LibraryChange.NoWorkspace;
        }

        if (string.IsNullOrEmpty(etag) || !string.Equals(etag, stored.ETag, StringComparison.Ordinal))
        {
            return LibraryChange.Changed;
        }

        try
        {
            await workspaces.SaveAsync(stored.Value with { Name = name, DefaultTimeZone = zone, NamedAt = time.GetUtcNow() }, stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return LibraryChange.Changed;
        }

        WorkspaceChanged(caller.Workspace);
        return LibraryChange.Saved;
    }

    /// <summary>Drops what this instance remembers of a workspace's people, after its default zone changed.</summary>
    public void WorkspaceChanged(WorkspaceKey workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        foreach (var entry in known.Keys.Where(k => k.Tenant == workspace.TenantId && k.Workspace == workspace.WorkspaceId))
        {
            known.TryRemove(entry, out _);
        }
    }

    /// <summary>Stores the zone a person's client now reports; a row changed meanwhile is left for their next turn.</summary>
    private async Task<Member> KeepZoneAsync(Stored<Member> stored, string zone, CancellationToken cancellationToken)
    {
        var changed = stored.Value with { TimeZone = zone };
        try
        {
            await members.SaveAsync(changed, stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Their role changed at the same moment; this turn still uses the reported zone (ZoneRules.Effective).
        }

        return changed;
    }

    /// <summary>Reads the role from storage, not the cache: used before an admin-only change.</summary>
    public async Task<WorkspaceRole?> CurrentRoleAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        var stored = await members.GetAsync(workspace, userId, cancellationToken);
        return stored is null ? null : configuredAdmins.Contains(userId) ? WorkspaceRole.Admin : stored.Value.Role;
    }

    /// <summary>
    /// <paramref name="caller"/> gives <paramref name="userId"/> the <paramref name="role"/>, if <see cref="RoleRules"/>
    /// allow it on a fresh read of the members and the admin roster. The member's row and the roster are written in
    /// one transaction that fails if either changed since that read; then the rules are checked again on a new read.
    /// </summary>
    public async Task<RoleChange> ChangeRoleAsync(Caller caller, string userId, WorkspaceRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var current = await roles.ReadAsync(caller.Workspace, cancellationToken);
            var target = current.Members.FirstOrDefault(m => m.Value.UserId == userId);
            var check = RoleRules.Check(RoleRules.Admins(current, configuredAdmins), caller.User.UserId, target?.Value, role, configuredAdmins);
            if (check != RoleChangeCheck.Allowed)
            {
                return new RoleChange(check, target?.Value);
            }

            var admins = current.Admins?.Value ?? AdminRoster.Of();
            var changed = target!.Value with { Role = role };
            try
            {
                await roles.SaveAsync(changed, target.ETag, role == WorkspaceRole.Admin ? admins.With(userId) : admins.Without(userId), current.Admins?.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Someone changed a role (or this member) at the same moment: decide again on what is there now.
                continue;
            }

            Forget(caller.Workspace, userId);
            return new RoleChange(RoleChangeCheck.Allowed, changed);
        }

        return new RoleChange(null, null);
    }

    private async Task<Member> EnrolAsync(WorkspaceKey key, UserRef user, bool configured, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var admin = new Member { Workspace = key, UserId = user.UserId, Name = user.Name, Role = WorkspaceRole.Admin, TimeZone = ZoneRules.Known(user.TimeZone), JoinedAt = now };
        if (await workspaces.GetAsync(key, cancellationToken) is null)
        {
            var workspace = new Workspace { Key = key, Name = "Library workspace", CreatedAt = now, CreatedByUserId = user.UserId };
            try
            {
                await workspaces.CreateAsync(workspace, admin, cancellationToken);
                return admin;
            }
            catch (ConcurrencyConflictException)
            {
                // Someone else was first; this person joins below.
            }
        }

        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var current = await roles.ReadAsync(key, cancellationToken);
            if (current.Members.FirstOrDefault(m => m.Value.UserId == user.UserId) is { } existing)
            {
                // The same person's other turn enrolled them a moment ago.
                return existing.Value;
            }

            // No roster yet means no admin yet (the workspace's creation stopped half-way): this person is its first.
            if (configured || current.Admins is null)
            {
                try
                {
                    await roles.SaveAsync(admin, null, (current.Admins?.Value ?? AdminRoster.Of()).With(user.UserId), current.Admins?.ETag, cancellationToken);
                    return admin;
                }
                catch (ConcurrencyConflictException)
                {
                    continue;
                }
            }

            var staff = admin with { Role = WorkspaceRole.Staff };
            try
            {
                return (await members.SaveAsync(staff, null, cancellationToken)).Value;
            }
            catch (ConcurrencyConflictException)
            {
                continue;
            }
        }

        throw new ConcurrencyConflictException("The workspace's members kept changing while this person joined.");
    }

    /// <summary>Stores a configured admin's role; null when it kept conflicting (their role still resolves as admin).</summary>
    private async Task<Member?> PromoteAsync(WorkspaceKey key, string userId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var current = await roles.ReadAsync(key, cancellationToken);
            if (current.Members.FirstOrDefault(m => m.Value.UserId == userId) is not { } member)
            {
                return null;
            }

            if (member.Value.Role == WorkspaceRole.Admin && current.Admins?.Value.Contains(userId) == true)
            {
                return member.Value;
            }

            var admin = member.Value with { Role = WorkspaceRole.Admin };
            try
            {
                await roles.SaveAsync(admin, member.ETag, (current.Admins?.Value ?? AdminRoster.Of()).With(userId), current.Admins?.ETag, cancellationToken);
                return admin;
            }
            catch (ConcurrencyConflictException)
            {
            }
        }

        return null;
    }

    private void Remember(WorkspaceKey key, Member member, string? workspaceZone) =>
        known[CacheKey(key, member.UserId)] = new Known(member.Role, member, workspaceZone, time.GetUtcNow() + RoleLifetime);

    /// <summary>Drops what this instance remembers of a person, e.g. after their data was erased.</summary>
    public void Forget(WorkspaceKey key, string userId) => known.TryRemove(CacheKey(key, userId), out _);

    private static (string, string, string) CacheKey(WorkspaceKey key, string userId) => (key.TenantId, key.WorkspaceId, userId);
}

/// <summary>A member as last read by this instance, with the library's default zone when their own is not known.</summary>
internal sealed record Known(WorkspaceRole Role, Member Member, string? WorkspaceZone, DateTimeOffset Until);

/// <summary>The outcome of <see cref="WorkspaceDirectory.ChangeRoleAsync"/>.</summary>
/// <param name="Check">Why it was or was not done; null when it kept conflicting with other changes and nothing was done.</param>
/// <param name="Member">The member named, as changed when it was done; null when there is no such member.</param>
public sealed record RoleChange(RoleChangeCheck? Check, Member? Member)
{
    public bool Done => Check == RoleChangeCheck.Allowed;
}
