using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Contacts;

/// <summary>Someone on the roster of a team or group chat the bot is in, who is the tenant's own staff.</summary>
/// <param name="UserId">Their Entra object id, as a <see cref="Member"/> is known.</param>
/// <param name="Name">Their display name.</param>
public sealed record Colleague(string UserId, string Name);

/// <summary>The colleagues the rosters offer, and, when a roster could not be read, one line saying so.</summary>
/// <param name="People">Each person once; empty when the bot is in no team or group chat.</param>
/// <param name="Problem">Null when every roster was read; else a sentence for the card.</param>
public sealed record ColleagueList(IReadOnlyList<Colleague> People, string? Problem)
{
    public static ColleagueList Empty { get; } = new([], null);
}

/// <summary>Whether a colleague can get their prompt.</summary>
public enum ReachStatus
{
    /// <summary>A 1:1 chat with them exists (or was just opened): the prompt goes there.</summary>
    Ready,

    /// <summary>The chat could not be opened just now for a passing reason; delivery keeps trying.</summary>
    Pending,

    /// <summary>Teams refused to open a chat: PartnerBot is not installed for them (or is blocked).</summary>
    Refused,

    /// <summary>They are on no roster the bot can read, so nothing was tried.</summary>
    Unknown,
}

/// <summary>
/// The rosters of the teams and group chats the bot is installed in, as the contact picker offers them. The host reads
/// them through the channel; anyone offered is a member of the workspace's tenant, not a guest and not the bot.
/// </summary>
public interface IColleagueRoster
{
    /// <summary>The colleagues on the workspace's rosters; a failure reads as no people and a <see cref="ColleagueList.Problem"/>.</summary>
    Task<ColleagueList> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    /// <summary>Makes sure a colleague from a roster can be messaged, opening a 1:1 chat with them if they have none.</summary>
    Task<ReachStatus> OpenChatAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken);
}

/// <summary>Where no roster is wired (unit tests, hosts without a channel): only known members are offered.</summary>
public sealed class NoColleagueRoster : IColleagueRoster
{
    public static NoColleagueRoster Instance { get; } = new();

    public Task<ColleagueList> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) => Task.FromResult(ColleagueList.Empty);

    public Task<ReachStatus> OpenChatAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) => Task.FromResult(ReachStatus.Unknown);
}

/// <summary>The picker's rule: who may be named a contact.</summary>
public static class ColleagueRules
{
    /// <summary>
    /// The workspace's members first, then everyone on the rosters who is not one of them (the same Entra object id is
    /// one person, whatever its case), each as a staff member who has not joined yet.
    /// </summary>
    public static IReadOnlyList<Member> Offered(IReadOnlyList<Member> members, ColleagueList roster, WorkspaceKey workspace, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(roster);
        var known = new HashSet<string>(members.Select(m => m.UserId), StringComparer.OrdinalIgnoreCase);
        var offered = new List<Member>(members);
        foreach (var person in roster.People)
        {
            if (known.Add(person.UserId))
            {
                offered.Add(new Member { Workspace = workspace, UserId = person.UserId, Name = person.Name, JoinedAt = now });
            }
        }

        return offered;
    }

    /// <summary>The confirmation's sentence when Teams would not open a chat with the person named.</summary>
    public static string NotReachable(string name) =>
        $"I could not open a chat with {name}: PartnerBot is not installed for them in Teams, so they would never see the step. Nothing was saved. Ask them to add PartnerBot in Teams, or pick someone else.";

    /// <summary>The confirmation's sentence when the person was on a roster when the card was shown but cannot be found now.</summary>
    public static string NotOnRoster(string name) =>
        $"I could not find {name} on the member list of a team PartnerBot is in just now, so nothing was saved. Try again in a minute, or pick someone else.";
}
