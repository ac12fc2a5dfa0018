using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.FollowThrough.Settings;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>
/// The admin check every workspace-settings change makes. The role in <see cref="Caller"/> may come from a cache older
/// than a demotion made on another instance, so the stored role decides.
/// </summary>
internal static class AdminOnly
{
    public const string Refusal = "Only a workspace admin can change the library's follow-up settings. Nothing was changed. Type 'members' to see who the admins are.";

    public static async Task<bool> IsAdminAsync(WorkspaceDirectory directory, Caller caller, CancellationToken cancellationToken) =>
        await directory.CurrentRoleAsync(caller.Workspace, caller.User.UserId, cancellationToken) == WorkspaceRole.Admin;
}

/// <summary><c>follow-up settings</c>: the card with the library's reminder rules and the digest's schedule, for admins.</summary>
public sealed class FollowUpSettingsCommand(WorkspaceDirectory directory, IFollowThroughSettingsStore settings) : ICommandHandler
{
    public BotCommand Command => FollowThroughCommands.FollowUpSettings;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (!await AdminOnly.IsAdminAsync(directory, request.Caller, cancellationToken))
        {
            return Replies.Refuse($"The library's follow-up settings are for admins. Your own reminder settings are under '{FollowThroughCommands.Nudges.Name}'.");
        }

        var nudges = await settings.GetNudgeSettingsAsync(request.Caller.Workspace, cancellationToken);
        var digest = await settings.GetDigestSettingsAsync(request.Caller.Workspace, cancellationToken);
        return [BotReply.Show(WorkspaceSettingsCard.Build(nudges, digest))];
    }
}

/// <summary><c>digest here</c>: typed by an admin in a team channel, the weekly digest goes to that channel from now on.</summary>
public sealed class DigestHereCommand(WorkspaceDirectory directory, IFollowThroughSettingsStore settings) : ICommandHandler
{
    public BotCommand Command => FollowThroughCommands.DigestHere;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (!await AdminOnly.IsAdminAsync(directory, request.Caller, cancellationToken))
        {
            return Replies.Refuse("Only a workspace admin can choose where the weekly digest goes. Nothing was changed.");
        }

        if (request.Caller.Place is not { IsChannel: true } place)
        {
            return Replies.Refuse(request.Caller.Place?.Kind == ConversationKind.GroupChat
                ? $"I can post the digest to a team channel, not to a group chat. Add me to the team, then mention me in the channel with '{FollowThroughCommands.DigestHere.Name}'. Nothing was changed."
                : $"'{FollowThroughCommands.DigestHere.Name}' has to be typed in the team channel where the digest should go: add me to the team, then mention me in that channel with '{FollowThroughCommands.DigestHere.Name}'. Nothing was changed.");
        }

        var current = await settings.GetDigestSettingsAsync(request.Caller.Workspace, cancellationToken);
        var next = current with { ChannelConversationId = place.ConversationId, ChannelServiceUrl = place.ServiceUrl, ChannelName = place.ChannelName };
        await settings.SaveDigestSettingsAsync(request.Caller.Workspace, next, cancellationToken);
        return Replies.Say($"From now on the weekly digest is posted in this channel, on {next.Day} at {next.Hour:00}:00 in the library's time zone, instead of each manager's own chat. Type '{FollowThroughCommands.DigestPersonal.Name}' to undo this.");
    }
}

/// <summary><c>digest personal</c>: the weekly digest goes back to each manager's 1:1 chat.</summary>
public sealed class DigestPersonalCommand(WorkspaceDirectory directory, IFollowThroughSettingsStore settings) : ICommandHandler
{
    public BotCommand Command => FollowThroughCommands.DigestPersonal;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (!await AdminOnly.IsAdminAsync(directory, request.Caller, cancellationToken))
        {
            return Replies.Refuse("Only a workspace admin can choose where the weekly digest goes. Nothing was changed.");
        }

        var current = await settings.GetDigestSettingsAsync(request.Caller.Workspace, cancellationToken);
        return await WorkspaceDigestTarget.ToPersonalChatsAsync(settings, request.Caller.Workspace, current, cancellationToken);
    }
}

/// <summary>Moving the digest back to managers' own chats: shared by the command and the card button.</summary>
internal static class WorkspaceDigestTarget
{
    /// <summary>For an admin already checked, with the digest settings already read.</summary>
    public static async Task<IReadOnlyList<BotReply>> ToPersonalChatsAsync(IFollowThroughSettingsStore settings, WorkspaceKey workspace, DigestSettings current, CancellationToken cancellationToken)
    {
        if (!current.GoesToChannel)
        {
            return Replies.Refuse("The weekly digest already goes to each manager's own chat.");
        }

        await settings.SaveDigestSettingsAsync(workspace, current with { ChannelConversationId = null, ChannelServiceUrl = null, ChannelName = null }, cancellationToken);
        return Replies.Say("From now on the weekly digest goes to each manager's own chat with me, not to the team channel.");
    }
}

/// <summary>Save, back to defaults, and "digest to managers' own chats" from the workspace settings card.</summary>
public sealed class WorkspaceSettingsActions(WorkspaceDirectory directory, IFollowThroughSettingsStore settings) : ICardActionHandler
{
    public IReadOnlyCollection<string> Actions => FollowThroughActions.WorkspaceSettings;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        // Checked before reading anything else: a forged card from a non-admin learns nothing and changes nothing.
        if (!await AdminOnly.IsAdminAsync(directory, request.Caller, cancellationToken))
        {
            return Replies.Refuse(AdminOnly.Refusal);
        }

        var workspace = request.Caller.Workspace;
        var nudges = await settings.GetNudgeSettingsAsync(workspace, cancellationToken);
        var digest = await settings.GetDigestSettingsAsync(workspace, cancellationToken);
        switch (request.Action)
        {
            case FollowThroughActions.SaveWorkspaceSettings:
                if (!(request.Value["version"] is JsonValue version && version.TryGetValue<string>(out var stamp) && stamp == WorkspaceSettingsCard.Version(nudges, digest)))
                {
                    return Replies.Of(
                        BotReply.Refuse("These settings changed after this card was opened (another admin saved, or the digest was moved), so I saved nothing. Here they are as they are now; make your change again if it is still needed."),
                        BotReply.Show(WorkspaceSettingsCard.Build(nudges, digest)));
                }

                var change = WorkspaceSettingsForm.Parse(request.Value, nudges, digest);
                if (!change.IsValid)
                {
                    return Replies.Refuse("I could not save that: " + string.Join(" ", change.Problems) + " Nothing was changed.");
                }

                await settings.SaveNudgeSettingsAsync(workspace, change.Nudges!, cancellationToken);
                await settings.SaveDigestSettingsAsync(workspace, change.Digest!, cancellationToken);
                return Replies.Of(BotReply.Say("Saved the library's follow-up settings. The next planning pass uses them."), BotReply.Show(WorkspaceSettingsCard.Build(change.Nudges!, change.Digest!)));
            case FollowThroughActions.ResetWorkspaceSettings:
                // Where the digest goes stays: it was chosen in a channel on purpose, and the card has its own button for it.
                var defaults = new DigestSettings { ChannelConversationId = digest.ChannelConversationId, ChannelServiceUrl = digest.ChannelServiceUrl, ChannelName = digest.ChannelName };
                await settings.SaveNudgeSettingsAsync(workspace, NudgeSettings.Default, cancellationToken);
                await settings.SaveDigestSettingsAsync(workspace, defaults, cancellationToken);
                return Replies.Of(BotReply.Say("The library's follow-up settings are back to their defaults. Where the digest goes did not change."), BotReply.Show(WorkspaceSettingsCard.Build(NudgeSettings.Default, defaults)));
            default:
                return await WorkspaceDigestTarget.ToPersonalChatsAsync(settings, workspace, digest, cancellationToken);
        }
    }
}
