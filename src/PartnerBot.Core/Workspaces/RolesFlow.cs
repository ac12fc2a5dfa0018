using PartnerBot.Core.Cards.Workspaces;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Workspaces;

/// <summary>
/// 'members' and 'role &lt;name&gt; &lt;role&gt;': only admins change roles, admins named in configuration cannot be
/// demoted, and the last admin cannot step down (see <see cref="RoleRules"/>).
/// </summary>
public sealed class RolesFlow(WorkspaceDirectory directory, IMemberStore members, IProactiveMessenger messenger, TimeProvider time) : IFlow, ICardActionHandler
{
    public static readonly BotCommand MembersCommand = new("members", "Who is in this workspace, with their roles", CommandScopes.Personal);
    public static readonly BotCommand RoleCommand = new("role", "Admins: give someone a role, e.g. 'role Ana manager'", CommandScopes.Personal);

    public IReadOnlyCollection<string> Actions { get; } = [MembersCard.RoleAction];

    public void Register(BotRoutes routes) =>
        routes.Command(RolesFlow.MembersCommand, ListAsync).Command(RolesFlow.RoleCommand, RoleAsync).Actions(this);

    public async Task<IReadOnlyList<BotReply>> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var all = await members.ListAsync(request.Caller.Workspace, cancellationToken);
        return [BotReply.Show(MembersCard.Build(all, request.Caller.Role == WorkspaceRole.Admin))];
    }

    public async Task<IReadOnlyList<BotReply>> RoleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var words = request.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2 || !Enum.TryParse<WorkspaceRole>(words[^1], ignoreCase: true, out var role) || words[^1].Any(char.IsDigit))
        {
            return Replies.Say("Say whom and which role, e.g. 'role Ana manager'. Roles: staff, manager, admin.");
        }

        var name = string.Join(' ', words[..^1]).TrimStart('@');
        var all = await members.ListAsync(request.Caller.Workspace, cancellationToken);
        var matches = all.Where(m => string.Equals(m.Name, name, StringComparison.CurrentCultureIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            matches = all.Where(m => m.Name.Contains(name, StringComparison.CurrentCultureIgnoreCase)).ToList();
        }

        return matches.Count switch
        {
            0 => Replies.Say($"Nobody called \"{name}\" has used PartnerBot in this workspace yet. They need to say hello to me first."),
            > 1 => Replies.Say($"Several people match \"{name}\": {string.Join(", ", matches.Select(m => m.Name))}. Use the full name."),
            _ => await SetAsync(request.Caller, matches[0].UserId, role, cancellationToken),
        };
    }

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var userId = reader.Text("member", "The person", 200, required: true);
        var role = reader.Enum<WorkspaceRole>("role", "The role", required: true);
        return !reader.IsValid || role is null
            ? Replies.Refuse(reader.ProblemText)
            : await SetAsync(request.Caller, userId, role.Value, cancellationToken);
    }

    private async Task<IReadOnlyList<BotReply>> SetAsync(Caller caller, string userId, WorkspaceRole role, CancellationToken cancellationToken)
    {
        var change = await directory.ChangeRoleAsync(caller, userId, role, cancellationToken);
        var name = change.Member?.Name;
        if (change.Done && userId != caller.User.UserId)
        {
            // The person hears it from the bot, with who did it: a role nobody explained looks like a mistake.
            var at = time.GetUtcNow().ToString("yyyyMMddHHmm", System.Globalization.CultureInfo.InvariantCulture);
            await messenger.SendAsync(caller.Workspace, userId, Replies.Say(RoleNotice(caller.User.Name, role)), $"role|{userId}|{role}|{at}", cancellationToken);
        }

        return change.Check switch
        {
            RoleChangeCheck.Allowed => Replies.Say($"{name} is now {Article(role)} {role.ToString().ToLowerInvariant()}. I let them know, and that it was you."),
            // The turn began with them as admin (the cache may say so), but the stored roles say otherwise now.
            RoleChangeCheck.CallerNotAdmin when caller.Role == WorkspaceRole.Admin =>
                Replies.Refuse("You are no longer an admin of this workspace: someone changed that a moment ago, so nothing was changed. Type 'members' to see who the admins are."),
            RoleChangeCheck.CallerNotAdmin => Replies.Refuse("Only a workspace admin can change roles. Type 'members' to see who the admins are."),
            RoleChangeCheck.NoSuchMember => Replies.Refuse("That person is not a member of this workspace. Nothing was changed."),
            RoleChangeCheck.ConfiguredAdmin =>
                Replies.Refuse($"{name} is an admin by PartnerBot's own settings, so their role can't be changed here. Nothing was changed. Whoever runs PartnerBot for the library can change those settings."),
            RoleChangeCheck.LastAdmin => Replies.Refuse("That is the only admin; name another admin first. Nothing was changed."),
            _ => Replies.Refuse("Roles in this workspace were changing at the same moment; nothing was changed. Try again."),
        };
    }

    /// <summary>What a person is told when someone gives them a role: who did it, what the role is, and what it lets them do.</summary>
    public static string RoleNotice(string byName, WorkspaceRole role) =>
        $"{byName} made you {Article(role)} {role.ToString().ToLowerInvariant()} of this PartnerBot workspace. " + role switch
        {
            WorkspaceRole.Admin => "As an admin you can also change people's roles and the workspace's settings. Type 'members' to see the team.",
            WorkspaceRole.Manager => "As a manager you also get the weekly digest and can change anyone's next steps. Type 'digest' to see this week's.",
            _ => "As staff you work on partners and your own next steps. Type 'help' to see what to do next.",
        };

    private static string Article(WorkspaceRole role) => role == WorkspaceRole.Admin ? "an" : "a";
}
