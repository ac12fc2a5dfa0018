using PartnerBot.Core.Cards.Workspaces;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Storage;

namespace PartnerBot.Core.Workspaces;

/// <summary>'members' and 'role &lt;name&gt; &lt;role&gt;': only admins change roles, and the last admin cannot step down.</summary>
public sealed class RolesFlow(WorkspaceDirectory directory, IMemberStore members) : ICardActionHandler
{
    public IReadOnlyCollection<string> Actions { get; } = [MembersCard.RoleAction];

    public IEnumerable<ICommandHandler> Commands()
    {
        yield return new CommandHandler(BotCommands.Members, ListAsync);
        yield return new CommandHandler(BotCommands.Role, RoleAsync);
    }

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
            ? Replies.Say(reader.ProblemText)
            : await SetAsync(request.Caller, userId, role.Value, cancellationToken);
    }

    private async Task<IReadOnlyList<BotReply>> SetAsync(Caller caller, string userId, WorkspaceRole role, CancellationToken cancellationToken)
    {
        // The cache may be older than a demotion made elsewhere, so check the stored role before an admin-only change.
        if (await directory.CurrentRoleAsync(caller.Workspace, caller.User.UserId, cancellationToken) != WorkspaceRole.Admin)
        {
            return Replies.Say("Only a workspace admin can change roles. Type 'members' to see who the admins are.");
        }

        var all = await members.ListAsync(caller.Workspace, cancellationToken);
        var target = all.FirstOrDefault(m => m.UserId == userId);
        if (target is null)
        {
            return Replies.Say("That person is not a member of this workspace. Nothing was changed.");
        }

        if (target.Role == WorkspaceRole.Admin && role != WorkspaceRole.Admin && all.Count(m => m.Role == WorkspaceRole.Admin) == 1)
        {
            return Replies.Say("That is the only admin; name another admin first.");
        }

        try
        {
            await directory.SetRoleAsync(caller.Workspace, userId, role, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Say("Their membership changed at the same moment; nothing was changed. Try again.");
        }

        return Replies.Say($"{target.Name} is now {(role == WorkspaceRole.Admin ? "an" : "a")} {role.ToString().ToLowerInvariant()}.");
    }
}
