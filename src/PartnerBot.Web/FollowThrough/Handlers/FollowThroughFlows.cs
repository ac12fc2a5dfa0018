using PartnerBot.Core.Conversations;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>
/// What people say to the follow-through: the digest, the export, reminder settings, the library's follow-up rules,
/// and the buttons of reminder, health-check and settings cards. Its handlers are made here, once, from the app's
/// services; a name another feature already declared fails at start-up.
/// </summary>
public sealed class FollowThroughFlows(IServiceProvider services) : IFlow
{
    public void Register(BotRoutes routes) => routes
        .Command(Create<DigestCommand>())
        .Command(Create<ExportCommand>())
        .Command(Create<WorkspaceExportCommand>())
        .Command(Create<NudgesCommand>())
        .Command(Create<FollowUpSettingsCommand>())
        .Command(Create<DigestHereCommand>())
        .Command(Create<DigestPersonalCommand>())
        .Actions(Create<FollowThroughCardActions>())
        .Actions(Create<WorkspaceSettingsActions>());

    private T Create<T>() => ActivatorUtilities.CreateInstance<T>(services);
}
