using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Bots;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Web.Bot;

/// <summary>
/// Answers a card's refresh (an <c>adaptiveCard/action</c> invoke with verb <see cref="CardRefresh.Verb"/>, sent by
/// Teams when someone named in the card's <c>refresh.userIds</c> sees it, or when anyone presses refresh): the card
/// that person should see. Nothing is stored and nobody is enrolled: seeing a card is not talking to the bot.
/// The channel digest (<see cref="DigestViews"/>) is the one card that refreshes: a manager of its workspace gets their
/// own view, anyone else (or anyone unknown) the shared card.
/// </summary>
public sealed class CardRefreshes(DigestService digests, WorkspaceDirectory directory, IDigestNarrative narrative, TimeProvider time)
{
    /// <param name="identity">Who asks.</param>
    /// <param name="inChannel">The refresh came from a team channel, where the shared digest is posted for all to see.</param>
    /// <param name="data">The refresh action's data.</param>
    /// <param name="cancellationToken">The turn's deadline.</param>
    internal async Task<InvokeResponse> AnswerAsync(TurnIdentity identity, bool inChannel, JsonObject data, CancellationToken cancellationToken)
    {
        if (Text(data, "view") != DigestViews.View || Text(data, "workspace") is not { Length: > 0 and <= 64 } workspaceId)
        {
            return InvokeResponses.Error(400, "BadRequest", "I do not know how to refresh that card.");
        }

        // The tenant comes from the validated activity: a card can only ever show its own tenant's workspace.
        var key = new WorkspaceKey(identity.User.TenantId, workspaceId);
        if (await directory.GetWorkspaceAsync(key, cancellationToken) is not { } workspace)
        {
            return InvokeResponses.Error(404, "NotFound", "The library this digest was about is no longer here.");
        }

        var snapshot = await digests.ReadAsync(workspace.Value, cancellationToken);
        var member = snapshot.Members.FirstOrDefault(m => m.UserId == identity.User.UserId);
        if (member is null && !inChannel)
        {
            // Outside the channel the digest was posted to, only the library's own staff may read it.
            return InvokeResponses.Error(403, "Forbidden", "Only the library's staff can see this digest here.");
        }

        var zone = TimeZones.Resolve(null, null, workspace.Value.DefaultTimeZone);
        var now = time.GetUtcNow();
        var digest = await digests.ComposeAsync(snapshot, zone, now, cancellationToken);
        // The narrative the card was posted with; written again only when the card did not carry one we can use.
        var text = Text(data, "narrative") is { Length: > 0 and <= DigestViews.MaxNarrativeLength } posted
            ? posted
            : await narrative.WriteAsync(digest, cancellationToken);
        var manager = member is { Role: WorkspaceRole.Manager or WorkspaceRole.Admin } ? member : null;
        var card = manager is null
            ? DigestCard.Build(digest, text)
            : DigestViews.Personal(digest, text, manager.Name, DigestViews.StepsOf(manager.UserId, snapshot.Partners, snapshot.Histories, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime)));
        // The answer keeps the refresh, so the card goes on showing each manager their own view.
        card.Refresh = DigestViews.Refresh(workspaceId, text, await digests.ManagerTeamsIdsAsync(snapshot, cancellationToken));
        return InvokeResponses.Card(card.ToJson());
    }

    private static string? Text(JsonObject data, string name) =>
        data[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
