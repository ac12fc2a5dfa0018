using System.Collections.Concurrent;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Bots;
using PartnerBot.Web.Tenants;

namespace PartnerBot.Web.Roster;

/// <summary>
/// Remembers the teams and group chats the bot is in, around the bot's own turn: a team from <c>channelData.team</c>
/// (its id is the roster's id), a group chat from its conversation. Only Teams (<c>msteams</c>) places are kept, and
/// only after a turn in which the sender is a member of the workspace, so a place is never learnt from someone the
/// bot refused; removing the bot forgets the place. The service URL kept is the validated request's.
/// </summary>
internal sealed partial class InstalledPlaceRecorder(
    IBot inner,
    IInstalledPlaceStore places,
    IMemberStore members,
    RecordedPlaces recent,
    TimeProvider time,
    ILogger<InstalledPlaceRecorder> logger,
    TenantUninstalls? uninstalls = null) : IBot
{
    /// <summary>How long a place recorded by this instance is not written again, so a busy channel costs no writes.</summary>
    public static readonly TimeSpan RecordAgainAfter = TimeSpan.FromMinutes(10);

    /// <summary>How long recording a place may take; it is bookkeeping and must not hold the turn.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        await inner.OnTurnAsync(turnContext, cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            await RecordAsync(turnContext.Activity, deadline.Token);
            if (uninstalls is not null)
            {
                // After the place is forgotten: a removal is judged on what is left of the tenant's installs.
                await uninstalls.ObserveAsync(turnContext.Activity, deadline.Token);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The picker falls back to known people; the turn itself went through.
            LogNotRecorded(logger, e, turnContext.Activity.GetTenantId());
        }
    }

    private async Task RecordAsync(Activity activity, CancellationToken ct)
    {
        if (activity.ChannelId != "msteams" || activity.GetTenantId() is not { Length: > 0 } tenant || Place(activity) is not { } place)
        {
            return;
        }

        var workspace = WorkspaceKey.DefaultFor(tenant);
        if (IsRemoval(activity))
        {
            await places.RemoveAsync(workspace, place.RosterId, ct);
            recent.Until.TryRemove((tenant, place.RosterId, activity.ServiceUrl ?? ""), out _);
            return;
        }

        if (!IsUse(activity) || string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return;
        }

        var now = time.GetUtcNow();
        var key = (tenant, place.RosterId, activity.ServiceUrl);
        if (recent.Until.TryGetValue(key, out var until) && until > now)
        {
            return;
        }

        var sender = activity.From?.AadObjectId ?? activity.From?.Id;
        if (string.IsNullOrEmpty(sender) || await members.GetAsync(workspace, sender, ct) is null)
        {
            return;
        }

        await places.SaveAsync(new InstalledPlace
        {
            Workspace = workspace,
            RosterId = place.RosterId,
            Kind = place.Kind,
            ServiceUrl = activity.ServiceUrl,
            BotId = activity.Recipient?.Id,
            Name = place.Name,
            UpdatedAt = now,
        }, ct);
        recent.Until[key] = now + RecordAgainAfter;
    }

    /// <summary>The team (by <c>channelData.team.id</c>) or group chat the activity came from; null for a 1:1 chat.</summary>
    private static (string RosterId, InstalledPlaceKind Kind, string? Name)? Place(Activity activity)
    {
        TeamsEntity? team = null;
        try
        {
            team = activity.GetTeamsChannelData()?.Team;
        }
        catch (System.Text.Json.JsonException)
        {
            // A channelData we cannot read names no team.
        }

        if (team?.Id is { Length: > 0 and <= 256 } teamId)
        {
            return (teamId, InstalledPlaceKind.Team, Trim(team.Name));
        }

        var conversation = activity.Conversation;
        if (conversation?.Id is { Length: > 0 and <= 256 } chatId
            && (conversation.ConversationType == "groupChat" || (conversation.IsGroup == true && conversation.ConversationType is null)))
        {
            return (chatId, InstalledPlaceKind.GroupChat, Trim(conversation.Name));
        }

        return null;
    }

    private static string? Trim(string? name) => name?.Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, 200)] : null;

    private static bool IsRemoval(Activity activity) =>
        (activity.Type == ActivityTypes.InstallationUpdate && activity.Action is "remove" or "remove-upgrade")
        || (activity.Type == ActivityTypes.ConversationUpdate && activity.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true);

    private static bool IsUse(Activity activity) => activity.Type switch
    {
        ActivityTypes.Message or ActivityTypes.Invoke => true,
        ActivityTypes.InstallationUpdate => activity.Action is "add" or "add-upgrade",
        ActivityTypes.ConversationUpdate => activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true,
        _ => false,
    };

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Could not record the team or group chat of a turn in tenant {TenantId}; its members are not offered until a later turn records it.")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string? tenantId);
}

/// <summary>The places this instance recorded lately, and until when they need no write (the recorder itself lives per turn).</summary>
internal sealed class RecordedPlaces
{
    public ConcurrentDictionary<(string Tenant, string RosterId, string ServiceUrl), DateTimeOffset> Until { get; } = new();
}
