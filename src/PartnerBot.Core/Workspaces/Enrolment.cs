using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.Workspaces;

/// <summary>How the organisation's own directory (in Teams, the conversation's roster) classes a person.</summary>
public enum RosterRole
{
    /// <summary>A member of the organisation (Teams <c>userRole</c> "user").</summary>
    Member,

    /// <summary>A guest invited in from outside.</summary>
    Guest,

    /// <summary>Someone who joined without signing in, e.g. through a meeting link.</summary>
    Anonymous,

    /// <summary>A role the directory gave that PartnerBot does not know.</summary>
    Unrecognised,
}

/// <summary>What the directory says about a person who wrote to the bot.</summary>
/// <param name="Role">Member, guest or anonymous.</param>
/// <param name="TenantId">The tenant they are signed in with; null when the directory did not say.</param>
/// <param name="ObjectId">Their Entra object id, when the directory gives one.</param>
public sealed record RosterEntry(RosterRole Role, string? TenantId, string? ObjectId = null);

/// <summary>
/// Asks the directory about a person before they are enrolled. The host implements it with the channel's member
/// lookup; it is asked once per new person, never on an ordinary turn of a known member.
/// </summary>
public interface IRosterLookup
{
    /// <summary>The directory's entry for the person speaking at <paramref name="place"/>.</summary>
    /// <returns>Null when there is no answer to be had: not found, no place to ask, or the lookup failed.</returns>
    Task<RosterEntry?> LookUpAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken);
}

/// <summary>Whether a person is the library's own staff, as far as enrolment is concerned.</summary>
public enum StaffStatus
{
    /// <summary>A member of the tenant the conversation belongs to: may be enrolled.</summary>
    Staff,

    /// <summary>A guest or an anonymous participant.</summary>
    Guest,

    /// <summary>Signed in with another organisation than the conversation's.</summary>
    External,

    /// <summary>Could not be confirmed (no answer, or an answer that does not add up): not enrolled, for now.</summary>
    Unknown,
}

/// <summary>
/// Who may be enrolled in a workspace: only the tenant's own members. Guests, anonymous participants and people
/// from other organisations never are; and when the directory cannot confirm someone, they are not enrolled yet.
/// </summary>
public static class EnrolmentRules
{
    public static StaffStatus Classify(UserRef user, RosterEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(user);
        return entry switch
        {
            null => StaffStatus.Unknown,
            { Role: RosterRole.Guest or RosterRole.Anonymous } => StaffStatus.Guest,
            { TenantId: null or "" } => StaffStatus.Unknown,
            _ when !string.Equals(entry.TenantId, user.TenantId, StringComparison.OrdinalIgnoreCase) => StaffStatus.External,
            // The directory knows this account as someone else than the activity claims: trust neither.
            { ObjectId: { Length: > 0 } id } when !string.Equals(id, user.UserId, StringComparison.OrdinalIgnoreCase) => StaffStatus.Unknown,
            { Role: RosterRole.Member } => StaffStatus.Staff,
            _ => StaffStatus.Unknown,
        };
    }

    /// <summary>What someone who is not enrolled is told. Nothing about them has been stored.</summary>
    public static string Refusal(StaffStatus status, string name) => status switch
    {
        StaffStatus.Guest =>
            $"Hello, {name}. PartnerBot is for the library's own staff, and guests can't use it here, so I haven't saved anything about you. "
            + "If you need something from the partnership pipeline, please ask a colleague at the library: they can look it up or add it for you.",
        StaffStatus.External =>
            $"Hello, {name}. PartnerBot is for the library's own staff, and you are signed in with another organisation, so I can't set you up here "
            + "and haven't saved anything about you. If you need something from the partnership pipeline, please ask a colleague at the library: "
            + "they can look it up or add it for you.",
        StaffStatus.Unknown =>
            $"Hello, {name}. I could not check your membership of the library's organisation just now, so I haven't set you up yet and nothing "
            + "was saved. Please try again in a few minutes; if this keeps happening, let your Teams administrator know.",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Staff are enrolled, not refused."),
    };
}

/// <summary>The outcome of a person's arrival: the caller they act as, or why they may not use the bot here.</summary>
public sealed record Admission
{
    private Admission(Caller? caller, StaffStatus status)
    {
        Caller = caller;
        Status = status;
    }

    /// <summary>Who is acting; null when refused.</summary>
    public Caller? Caller { get; }

    /// <summary><see cref="StaffStatus.Staff"/> when admitted, else why not.</summary>
    public StaffStatus Status { get; }

    public bool IsAdmitted => Caller is not null;

    public static Admission Admitted(Caller caller) => new(caller, StaffStatus.Staff);

    public static Admission Refused(StaffStatus status) =>
        status == StaffStatus.Staff ? throw new ArgumentOutOfRangeException(nameof(status)) : new(null, status);

    /// <summary>What a refused person is told; nothing for someone admitted.</summary>
    public IReadOnlyList<BotReply> Refusal(UserRef user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return IsAdmitted ? [] : Replies.Refuse(EnrolmentRules.Refusal(Status, user.Name));
    }
}

/// <summary>
/// People named in configuration as admins of their own tenant's workspace, by Entra object id. They are admins from
/// their first message on and cannot be demoted in the bot, so whoever runs PartnerBot can correct a wrong first admin.
/// </summary>
public sealed class ConfiguredAdmins
{
    private readonly HashSet<string> objectIds;

    public ConfiguredAdmins(IEnumerable<string> objectIds)
    {
        ArgumentNullException.ThrowIfNull(objectIds);
        // Entra shows object ids in either case; they are GUIDs, so case never tells two apart.
        this.objectIds = objectIds.Select(id => id.Trim()).Where(id => id.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public static ConfiguredAdmins None { get; } = new([]);

    public bool Contains(string userId) => objectIds.Contains(userId);
}
