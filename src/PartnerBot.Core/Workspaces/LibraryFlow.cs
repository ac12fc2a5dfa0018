using PartnerBot.Core.Cards.Workspaces;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Schedules;

namespace PartnerBot.Core.Workspaces;

/// <summary>
/// 'library': admins name the library and set its default time zone. The name is what the digest and propositions
/// say; the zone is used for channel digests and for anyone whose own zone Teams has not reported.
/// </summary>
public sealed class LibraryFlow(WorkspaceDirectory directory, TimeProvider time) : IFlow, ICardActionHandler
{
    public static readonly BotCommand LibraryCommand = new("library", "Admins: the library's name and default time zone", CommandScopes.Personal);

    public void Register(BotRoutes routes) =>
        routes.Command(LibraryCommand, ShowAsync).Actions(this);

    public IReadOnlyCollection<string> Actions { get; } = [LibraryCard.SaveAction];

    public async Task<IReadOnlyList<BotReply>> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Caller.Role != WorkspaceRole.Admin)
        {
            return Replies.Refuse("Only a workspace admin can change the library's name and time zone. Type 'members' to see who the admins are.");
        }

        var ws = await directory.GetWorkspaceAsync(request.Caller.Workspace, cancellationToken);
        return ws is null
            ? Replies.Refuse("I could not find your library's workspace.")
            : [BotReply.Show(LibraryCard.Build(ws, request.Caller.Zone, time.GetUtcNow()))];
    }

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var name = reader.Text(LibraryCard.NameInput, "The library's name", LibraryCard.MaxNameLength, required: true);
        if (name.Any(char.IsControl))
        {
            reader.Problem("The library's name must be on one line.");
        }

        var zone = reader.Text(LibraryCard.ZoneInput, "The time zone", 64, required: true);
        if (zone.Length > 0 && TimeZones.Find(zone) is null)
        {
            reader.Problem($"I do not know the time zone \"{zone}\"; pick one from the list.");
        }

        if (!reader.IsValid)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        var outcome = await directory.NameLibraryAsync(request.Caller, name, zone, reader.Raw("etag"), cancellationToken);
        return outcome switch
        {
            LibraryChange.Saved => [BotReply.Show(LibraryCard.Saved(name, zone, [Needs.NeedsFlow.NeedsCommand, Partners.PartnerFlow.AddCommand]))],
            LibraryChange.NotAdmin => Replies.Refuse("Only a workspace admin can change the library's name and time zone. Nothing was changed."),
            LibraryChange.Changed => Replies.Refuse("Another admin changed the library's settings a moment ago, so nothing was saved. Type 'library' to see them now."),
            _ => Replies.Refuse("I could not find your library's workspace. Nothing was changed."),
        };
    }
}

/// <summary>The outcome of <see cref="WorkspaceDirectory.NameLibraryAsync"/>.</summary>
public enum LibraryChange
{
    Saved,
    NotAdmin,
    Changed,
    NoWorkspace,
}
