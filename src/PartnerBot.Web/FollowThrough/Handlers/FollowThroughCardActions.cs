using System.Text.Json.Nodes;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>
/// Submits from nudge and settings cards (a health check's submit is <see cref="Core.FollowThrough.Health.HealthCheckFlow"/>'s). Every value is re-read from the submit and checked; every entity
/// is looked up in the caller's own workspace (the stores are keyed by it), so a forged id from elsewhere finds nothing.
/// Done, Reschedule and Hand over on a reminder about a next step are the step's own buttons: <see cref="NextStepActions"/>
/// decides them, as it does for the prompt card.
/// </summary>
public sealed class FollowThroughCardActions(
    IPartnerStore partners,
    IPartnerHistoryStore histories,
    IFollowThroughSettingsStore settings,
    NextStepActions steps,
    TimeProvider time,
    WorkspaceDirectory directory) : ICardActionHandler
{
    public IReadOnlyCollection<string> Actions => FollowThroughActions.All;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Action == FollowThroughActions.SaveSettings)
        {
            return await SaveSettingsAsync(request, cancellationToken);
        }

        if (StepChangeOf(request) is { } change)
        {
            return await steps.ApplyAsync(request.Caller, change, cancellationToken);
        }

        var partnerId = Text(request.Value, "partnerId");
        var partner = partnerId is null ? null : await partners.GetAsync(request.Caller.Workspace, partnerId, cancellationToken);
        if (partner is null)
        {
            return [BotReply.Refuse("I could not find that partner in your library's workspace.")];
        }

        return request.Action switch
        {
            FollowThroughActions.Snooze => await SnoozeAsync(request, cancellationToken),
            FollowThroughActions.Done => await DismissAsync(request, partner.Value, cancellationToken),
            FollowThroughActions.LogInteraction => await LogAsync(request, partner.Value, cancellationToken),
            FollowThroughActions.HandOver => await steps.HandOverPlaceAsync(request.Caller, partner, Text(request.Value, "toUser"), cancellationToken),
            _ => [BotReply.Refuse("I do not know that button.")],
        };
    }

    /// <summary>
    /// Done, Reschedule or Hand over on a reminder about a next step. The kind says so, whatever else the data holds, so a
    /// step id that is missing or forged gets the step's own answer rather than falling back to the partner.
    /// </summary>
    private static StepChange? StepChangeOf(CardActionRequest request)
    {
        var kind = request.Action switch
        {
            FollowThroughActions.Done => StepChangeKind.Done,
            FollowThroughActions.Reschedule => StepChangeKind.Reschedule,
            FollowThroughActions.HandOver => StepChangeKind.HandOver,
            _ => (StepChangeKind?)null,
        };
        var isStep = Enum.TryParse<NudgeKind>(Text(request.Value, "kind"), ignoreCase: false, out var nudge) && NudgeCard.IsStep(nudge);
        if (kind is null || (!isStep && request.Action != FollowThroughActions.Reschedule))
        {
            return null;
        }

        return new StepChange
        {
            Kind = kind.Value,
            StepId = Text(request.Value, "entityId"),
            Version = Text(request.Value, "etag"),
            PartnerId = Text(request.Value, "partnerId") ?? "",
            Due = Text(request.Value, "dueDate"),
            Assignee = Text(request.Value, "toUser"),
        };
    }

    private async Task<IReadOnlyList<BotReply>> SnoozeAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var length = Text(request.Value, "length") switch
        {
            "day" => SnoozeLength.OneDay,
            "week" => SnoozeLength.OneWeek,
            _ => (SnoozeLength?)null,
        };
        if (length is null || Text(request.Value, "causeKey") is not { Length: > 0 and < 400 } causeKey)
        {
            return [BotReply.Refuse("Snooze for a day or a week.")];
        }

        var state = await StateAsync(request, causeKey, cancellationToken);
        await settings.SaveNudgeStateAsync(request.Caller.Workspace, request.Caller.User.UserId, NudgeSchedule.Snooze(state, length.Value, time.GetUtcNow()), cancellationToken);
        return [BotReply.Say(length == SnoozeLength.OneDay ? "Snoozed: I will remind you again tomorrow." : "Snoozed: I will remind you again in a week.")];
    }

    /// <summary>Done on a reminder about the partner itself: stop reminding this person about this cause.</summary>
    private async Task<IReadOnlyList<BotReply>> DismissAsync(CardActionRequest request, Partner partner, CancellationToken cancellationToken)
    {
        if (Text(request.Value, "causeKey") is { Length: > 0 and < 400 } causeKey)
        {
            var state = await StateAsync(request, causeKey, cancellationToken);
            await settings.SaveNudgeStateAsync(request.Caller.Workspace, request.Caller.User.UserId, state with { Dismissed = true }, cancellationToken);
        }

        return [BotReply.Say($"Thanks. I will stop reminding you about this for {partner.Name}.")];
    }

    private async Task<IReadOnlyList<BotReply>> LogAsync(CardActionRequest request, Partner partner, CancellationToken cancellationToken) =>
        (await ContactLog.LogAsync(histories, time, request.Caller, partner, Text(request.Value, "summary"), null, cancellationToken)).Replies;

    private async Task<IReadOnlyList<BotReply>> SaveSettingsAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var current = await settings.GetPreferencesAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken);
        var (next, problems) = NudgeSettingsCard.Parse(request.Value, current);
        var zone = NudgeSettingsCard.ParseZone(request.Value);
        if (next is null || zone.Problem is not null)
        {
            return [BotReply.Refuse("Nothing was saved: " + string.Join(" ", zone.Problem is null ? problems : [.. problems, zone.Problem]))];
        }

        await settings.SavePreferencesAsync(request.Caller.Workspace, request.Caller.User.UserId, next, cancellationToken);
        if (!zone.Present)
        {
            return [BotReply.Say("Saved your nudge settings.")];
        }

        var member = await directory.ChooseZoneAsync(request.Caller.Workspace, request.Caller.User.UserId, zone.Chosen, request.Caller.User.TimeZone, cancellationToken);
        return member is null
            ? [BotReply.Say("Saved your nudge settings, but not your time zone: your membership was changing at the same moment. Try again.")]
            : [BotReply.Say(zone.Chosen is null
                ? "Saved your nudge settings. Your time zone follows Teams again."
                : $"Saved your nudge settings. Your time zone is now {zone.Chosen}; I show dates and send reminders by it.")];
    }

    private async Task<NudgeState> StateAsync(CardActionRequest request, string causeKey, CancellationToken cancellationToken) =>
        (await settings.ListNudgeStatesAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken)).FirstOrDefault(s => s.CauseKey == causeKey)
        ?? new NudgeState { CauseKey = causeKey };

    private static string? Text(JsonObject value, string name) =>
        value[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
