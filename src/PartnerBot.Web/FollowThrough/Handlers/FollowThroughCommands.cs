using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary><c>digest</c>: the weekly digest now, for managers.</summary>
public sealed class DigestCommand(IWorkspaceStore workspaces, DigestService digests, TimeProvider time) : ICommandHandler
{
    public BotCommand Command => FollowThroughCommands.Digest;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Caller.Role == WorkspaceRole.Staff)
        {
            return [BotReply.Refuse("The digest is for managers. Ask an admin to make you a manager if you need it.")];
        }

        var ws = await workspaces.GetAsync(request.Caller.Workspace, cancellationToken);
        if (ws is null)
        {
            return [BotReply.Refuse("I could not find your library's workspace.")];
        }

        // A digest asked for in a channel is the library's; in a chat, the reader's own week.
        var zone = request.Caller.Place?.IsChannel == true ? TimeZones.Resolve(null, null, ws.Value.DefaultTimeZone) : request.Caller.Zone;
        var snapshot = await digests.ReadAsync(ws.Value, cancellationToken);
        var (_, card) = await digests.BuildAsync(snapshot, zone, time.GetUtcNow(), cancellationToken);
        return [card];
    }
}

/// <summary><c>export</c>: a short-lived link to the pipeline as CSV, for managers.</summary>
public sealed class ExportCommand(ExportLinks links) : ICommandHandler
{
    public BotCommand Command => FollowThroughCommands.Export;

    public Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Caller.Role == WorkspaceRole.Staff)
        {
            return Task.FromResult<IReadOnlyList<BotReply>>([BotReply.Refuse("The export is for managers.")]);
        }

        var url = links.Create(request.Caller.Workspace, request.Caller.User.UserId);
        var card = new Core.Cards.AdaptiveCards.AdaptiveCard
        {
            FallbackText = $"Download the pipeline as CSV: {url}",
            Body =
            {
                new Core.Cards.AdaptiveCards.TextBlock("Pipeline export") { Weight = Core.Cards.AdaptiveCards.TextWeight.Bolder },
                new Core.Cards.AdaptiveCards.TextBlock($"The link works for {ExportLinks.Lifetime.TotalMinutes:0} minutes and only opens your library's pipeline.") { IsSubtle = true },
            },
            Actions = { new Core.Cards.AdaptiveCards.OpenUrlAction { Title = "Download CSV", Url = url } },
        };
        return Task.FromResult<IReadOnlyList<BotReply>>([BotReply.Show(card)]);
    }
}

/// <summary><c>nudges</c>: the person's own nudge settings card.</summary>
public sealed class NudgesCommand(IMemberStore members, IFollowThroughSettingsStore settings, TimeProvider time) : ICommandHandler
{
    public BotCommand Command => FollowThroughCommands.Nudges;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var me = await members.GetAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken);
        var prefs = await settings.GetPreferencesAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken);
        var chosen = me?.Value.TimeZoneChosen == true ? me.Value.TimeZone : null;
        return [BotReply.Show(NudgeSettingsCard.Build(prefs, request.Caller.Zone.Id, chosen, time.GetUtcNow()))];
    }
}
