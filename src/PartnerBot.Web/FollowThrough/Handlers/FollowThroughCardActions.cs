using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Storage;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>
/// Submits from nudge, health-check and settings cards. Every value is re-read from the submit and checked; every entity
/// is looked up in the caller's own workspace (the stores are keyed by it), so a forged id from elsewhere finds nothing.
/// </summary>
public sealed class FollowThroughCardActions(
    IPartnerStore partners,
    INextStepStore nextSteps,
    IPartnerHistoryStore histories,
    IMemberStore members,
    IFollowThroughSettingsStore settings,
    TimeProvider time) : ICardActionHandler
{
    public IReadOnlyCollection<string> Actions => FollowThroughActions.All;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Action == FollowThroughActions.SaveSettings)
        {
            return await SaveSettingsAsync(request, cancellationToken);
        }

        var partnerId = Text(request.Value, "partnerId");
        var partner = partnerId is null ? null : await partners.GetAsync(request.Caller.Workspace, partnerId, cancellationToken);
        if (partner is null)
        {
            return [BotReply.Say("I could not find that partner in your library's workspace.")];
        }

        return request.Action switch
        {
            FollowThroughActions.SubmitHealthCheck => await HealthCheckAsync(request, partner.Value, cancellationToken),
            FollowThroughActions.Snooze => await SnoozeAsync(request, cancellationToken),
            FollowThroughActions.Done => await DoneAsync(request, partner.Value, cancellationToken),
            FollowThroughActions.LogInteraction => await LogAsync(request, partner.Value, cancellationToken),
            FollowThroughActions.Reschedule => await RescheduleAsync(request, partner.Value, cancellationToken),
            FollowThroughActions.HandOver => await HandOverAsync(request, partner, cancellationToken),
            _ => [BotReply.Say("I do not know that button.")],
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
            return [BotReply.Say("Snooze for a day or a week.")];
        }

        var state = await StateAsync(request, causeKey, cancellationToken);
        await settings.SaveNudgeStateAsync(request.Caller.Workspace, request.Caller.User.UserId, NudgeSchedule.Snooze(state, length.Value, time.GetUtcNow()), cancellationToken);
        return [BotReply.Say(length == SnoozeLength.OneDay ? "Snoozed: I will remind you again tomorrow." : "Snoozed: I will remind you again in a week.")];
    }

    private async Task<IReadOnlyList<BotReply>> DoneAsync(CardActionRequest request, Partner partner, CancellationToken cancellationToken)
    {
        if (await StepAsync(request, cancellationToken) is { } step)
        {
            if (step.Value.Status == NextStepStatus.Open)
            {
                await nextSteps.SaveAsync(request.Caller.Workspace, step.Value with { Status = NextStepStatus.Done, CompletedAt = time.GetUtcNow() }, step.ETag, cancellationToken);
            }

            return [BotReply.Say($"Marked done: {step.Value.Description}.")];
        }

        if (Text(request.Value, "causeKey") is { Length: > 0 and < 400 } causeKey)
        {
            var state = await StateAsync(request, causeKey, cancellationToken);
            await settings.SaveNudgeStateAsync(request.Caller.Workspace, request.Caller.User.UserId, state with { Dismissed = true }, cancellationToken);
        }

        return [BotReply.Say($"Thanks. I will stop reminding you about this for {partner.Name}.")];
    }

    private async Task<IReadOnlyList<BotReply>> LogAsync(CardActionRequest request, Partner partner, CancellationToken cancellationToken)
    {
        var summary = Text(request.Value, "summary")?.Trim();
        if (string.IsNullOrEmpty(summary) || summary.Length > 1000)
        {
            return [BotReply.Say("Say briefly what happened (up to 1,000 characters).")];
        }

        await histories.SaveInteractionAsync(request.Caller.Workspace, new Interaction
        {
            Id = Guid.NewGuid().ToString("N"),
            PartnerId = partner.Id,
            UserId = request.Caller.User.UserId,
            Summary = summary,
            OccurredAt = time.GetUtcNow(),
        }, cancellationToken);
        return [BotReply.Say($"Logged for {partner.Name}.")];
    }

    private async Task<IReadOnlyList<BotReply>> RescheduleAsync(CardActionRequest request, Partner partner, CancellationToken cancellationToken)
    {
        var step = await StepAsync(request, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (step is null || step.Value.PartnerId != partner.Id)
        {
            return [BotReply.Say("I could not find that next step.")];
        }

        if (!DateOnly.TryParseExact(Text(request.Value, "dueDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) || due < today || due > today.AddYears(2))
        {
            return [BotReply.Say("Pick a date from today to two years ahead.")];
        }

        await nextSteps.SaveAsync(request.Caller.Workspace, step.Value with { DueDate = due }, step.ETag, cancellationToken);
        return [BotReply.Say($"Moved to {due:d MMM yyyy}.")];
    }

    private async Task<IReadOnlyList<BotReply>> HandOverAsync(CardActionRequest request, Stored<Partner> partner, CancellationToken cancellationToken)
    {
        var wanted = Text(request.Value, "toUser")?.Trim();
        var everyone = await members.ListAsync(request.Caller.Workspace, cancellationToken);
        var matches = everyone.Where(m => m.UserId == wanted || string.Equals(m.Name, wanted, StringComparison.CurrentCultureIgnoreCase)).ToList();
        if (string.IsNullOrEmpty(wanted) || matches.Count != 1)
        {
            return [BotReply.Say(matches.Count > 1 ? "Several colleagues have that name; use their user id." : "I do not know that colleague in this workspace.")];
        }

        var to = matches[0];
        if (await StepAsync(request, cancellationToken) is { } step)
        {
            await nextSteps.SaveAsync(request.Caller.Workspace, step.Value with { AssigneeUserId = to.UserId }, step.ETag, cancellationToken);
            return [BotReply.Say($"{to.Name} now has \"{step.Value.Description}\".")];
        }

        var contact = new ContactAssignment { UserIds = [to.UserId], AssignedAt = time.GetUtcNow(), AssignedByUserId = request.Caller.User.UserId };
        await partners.SaveAsync(request.Caller.Workspace, partner.Value with { Contact = contact, UpdatedAt = time.GetUtcNow() }, partner.ETag, cancellationToken);
        return [BotReply.Say($"{to.Name} is now the contact for {partner.Value.Name}.")];
    }

    private async Task<IReadOnlyList<BotReply>> HealthCheckAsync(CardActionRequest request, Partner partner, CancellationToken cancellationToken)
    {
        var scores = new Dictionary<HealthQuestion, int>();
        foreach (var (question, _) in HealthCheckCard.Questions)
        {
            if (!int.TryParse(Text(request.Value, HealthCheckCard.InputId(question)), CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5)
            {
                return [BotReply.Say("Give every question a score from 1 to 5.")];
            }

            scores[question] = score;
        }

        var note = Text(request.Value, "note")?.Trim();
        await histories.SaveHealthCheckAsync(request.Caller.Workspace, new HealthCheck
        {
            Id = Guid.NewGuid().ToString("N"),
            PartnerId = partner.Id,
            UserId = request.Caller.User.UserId,
            Scores = scores,
            Note = string.IsNullOrEmpty(note) ? null : note[..Math.Min(note.Length, 2000)],
            SubmittedAt = time.GetUtcNow(),
        }, cancellationToken);
        return [BotReply.Say($"Thanks: the health check for {partner.Name} is saved (average {scores.Values.Average():0.0} out of 5).")];
    }

    private async Task<IReadOnlyList<BotReply>> SaveSettingsAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var current = await settings.GetPreferencesAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken);
        var (next, problems) = NudgeSettingsCard.Parse(request.Value, current);
        if (next is null)
        {
            return [BotReply.Say("Nothing was saved: " + string.Join(" ", problems))];
        }

        await settings.SavePreferencesAsync(request.Caller.Workspace, request.Caller.User.UserId, next, cancellationToken);
        return [BotReply.Say("Saved your nudge settings.")];
    }

    private async Task<Stored<NextStep>?> StepAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var kind = Text(request.Value, "kind");
        if (kind is not (nameof(Core.FollowThrough.Nudges.NudgeKind.NextStepDueSoon) or nameof(Core.FollowThrough.Nudges.NudgeKind.NextStepOverdue)) || Text(request.Value, "entityId") is not { Length: > 0 } id)
        {
            return null;
        }

        var step = await nextSteps.GetAsync(request.Caller.Workspace, id, cancellationToken);
        return step is not null && step.Value.PartnerId == Text(request.Value, "partnerId") ? step : null;
    }

    private async Task<NudgeState> StateAsync(CardActionRequest request, string causeKey, CancellationToken cancellationToken) =>
        (await settings.ListNudgeStatesAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken)).FirstOrDefault(s => s.CauseKey == causeKey)
        ?? new NudgeState { CauseKey = causeKey };

    private static string? Text(JsonObject value, string name) =>
        value[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
