using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.FollowThrough;

/// <summary>
/// The follow-through's commands. Their handlers live in the host (they need the outbox and the export links); the
/// declarations live here so the Teams package and the help card can name them.
/// </summary>
public static class FollowThroughCommands
{
    public static readonly BotCommand Digest = new("digest", "This week's partnership digest (managers)", CommandScopes.All);
    public static readonly BotCommand Export = new("export", "Download the partner pipeline as CSV (managers)", CommandScopes.Personal);
    public static readonly BotCommand ExportWorkspace = new("export workspace", "Admins: download everything the workspace holds, as JSON files in a zip", CommandScopes.Personal);
    public static readonly BotCommand Nudges = new("nudges", "Your reminder settings: working hours, quiet hours, vacation, kinds", CommandScopes.Personal);
    public static readonly BotCommand FollowUpSettings = new("follow-up settings", "Admins: the library's reminder rules and when the weekly digest goes out", CommandScopes.Personal);
    public static readonly BotCommand DigestHere = new("digest here", "Admins, in a team channel: post the weekly digest to this channel", CommandScopes.Team);
    public static readonly BotCommand DigestPersonal = new("digest personal", "Admins: send the weekly digest to each manager's own chat again", CommandScopes.All);

}
