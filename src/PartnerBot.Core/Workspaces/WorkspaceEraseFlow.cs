using System.Globalization;
using PartnerBot.Core.Cards.Workspaces;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Workspaces;

/// <summary>
/// 'erase workspace': an admin erases everything the workspace holds, after a confirmation card that counts what goes.
/// The role is read fresh from storage on both the command and the click; the click goes ahead only while the workspace,
/// and how much it holds, are as the card showed them, and only within <see cref="ConfirmWithin"/>.
/// </summary>
public sealed class WorkspaceEraseFlow(FlowServices services) : IFlow
{
    public static readonly BotCommand EraseWorkspaceCommand = new(
        "erase workspace", "Admins: erase all of the workspace's data (partners, history, members, settings), after a confirmation", CommandScopes.Personal);

    /// <summary>How long a confirmation card may be clicked; a later click asks to look again.</summary>
    public static readonly TimeSpan ConfirmWithin = TimeSpan.FromMinutes(15);

    private const string NotAdmin = "Only admins can erase the workspace. Nothing was changed.";

    public void Register(BotRoutes routes) => routes
        .Command(EraseWorkspaceCommand, AskAsync)
        .Action(WorkspaceEraseCards.EraseAction, EraseAsync);

    public async Task<IReadOnlyList<BotReply>> AskAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Arguments.Length > 0)
        {
            // 'erase workspace gallery' names a partner whose name starts with the word, not the workspace.
            return await new PartnerArchiveFlow(services).AskEraseAsync(request with { Arguments = "workspace " + request.Arguments }, cancellationToken);
        }

        var caller = request.Caller;
        if (await services.Directory.CurrentRoleAsync(caller.Workspace, caller.User.UserId, cancellationToken) != WorkspaceRole.Admin)
        {
            return Replies.Refuse(NotAdmin);
        }

        var workspace = await services.Directory.GetWorkspaceAsync(caller.Workspace, cancellationToken);
        if (workspace is null)
        {
            return Replies.Refuse("This workspace holds nothing to erase. Nothing was changed.");
        }

        var counts = await services.WorkspaceData.CountAsync(caller.Workspace, cancellationToken);
        var name = workspace.Value.LibraryName is { Length: > 0 } named ? named : "this workspace";
        return [BotReply.Show(WorkspaceEraseCards.ConfirmErase(name, workspace.ETag, services.Time.GetUtcNow(), counts))];
    }

    private async Task<IReadOnlyList<BotReply>> EraseAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        if (await services.Directory.CurrentRoleAsync(caller.Workspace, caller.User.UserId, cancellationToken) != WorkspaceRole.Admin)
        {
            return Replies.Refuse(NotAdmin);
        }

        var again = "Type 'erase workspace' to see what would go now.";
        var workspace = await services.Directory.GetWorkspaceAsync(caller.Workspace, cancellationToken);
        if (workspace is null || workspace.ETag != (reader.Raw("etag") ?? ""))
        {
            return Replies.Refuse($"The workspace changed after that confirmation was shown, or it was erased already, so nothing was erased. {again}");
        }

        var now = services.Time.GetUtcNow();
        if (!long.TryParse(reader.Raw("issued"), NumberStyles.None, CultureInfo.InvariantCulture, out var shownTicks)
            || shownTicks > now.UtcTicks
            || now.UtcTicks - shownTicks > ConfirmWithin.Ticks)
        {
            return Replies.Refuse($"That confirmation is more than {ConfirmWithin.TotalMinutes:0} minutes old, so nothing was erased. {again}");
        }

        var counts = await services.WorkspaceData.CountAsync(caller.Workspace, cancellationToken);
        if (reader.Raw("total") != counts.Total.ToString(CultureInfo.InvariantCulture))
        {
            return Replies.Refuse($"Something was added or removed after that confirmation was shown, so nothing was erased. {again}");
        }

        WorkspaceDataCounts removed;
        try
        {
            removed = await services.WorkspaceData.EraseAsync(caller.Workspace, workspace.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse($"The workspace changed after that confirmation was shown, or it was erased already, so nothing was erased. {again}");
        }

        services.Directory.WorkspaceChanged(caller.Workspace);
        var what = WorkspaceEraseCards.Summary(removed);
        return Replies.Say($"Erased the workspace's data{(what.Length == 0 ? "" : " (" + what + ")")}. The next person to write to me starts a new workspace.");
    }
}
