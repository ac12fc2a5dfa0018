using System.Globalization;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Contacts;

/// <summary>What a click asks to do with a next step.</summary>
public enum StepChangeKind
{
    Done,
    Reschedule,
    HandOver,
    Edit,
}

/// <summary>
/// A click on Done, Reschedule or Hand over, read from whichever card sent it (the prompt or a nudge). Every value is
/// as the client sent it: <see cref="NextStepActions"/> checks them all.
/// </summary>
public sealed record StepChange
{
    public required StepChangeKind Kind { get; init; }
    public required string? StepId { get; init; }
    /// <summary>The step's version (ETag) when the card was sent. A card without one is treated as stale.</summary>
    public required string? Version { get; init; }
    /// <summary>The partner the card names, if it names one: the step must belong to it.</summary>
    public string? PartnerId { get; init; }
    /// <summary>The new due date for a reschedule, as yyyy-MM-dd.</summary>
    public string? Due { get; init; }
    /// <summary>The colleague to hand over to: a user id, or a name that only one member has.</summary>
    public string? Assignee { get; init; }
    /// <summary>The step's new text for an edit.</summary>
    public string? Text { get; init; }
}

/// <summary>
/// The one place where a next step is marked done, rescheduled, handed over or has its text edited, whichever card the click came from.
/// Only the assignee, a manager or an admin may act; a card older than the step changes nothing; a hand-over puts
/// the new person in the old assignee's place in the partner's contact team and leaves the rest of the team alone.
/// </summary>
public sealed class NextStepActions(INextStepStore nextSteps, IPartnerStore partners, IMemberStore members, IProactiveMessenger messenger, TimeProvider time)
{
    public const int MaxIdLength = 64;
    public const int MaxAssigneeLength = 200;

    public const string NotFound = "That next step is not in your workspace (it may have been removed). Nothing was changed.";
    public const string NotAllowed = "Only the person it is assigned to, a manager or an admin can change this next step. Nothing was changed.";

    private DateOnly Today(Caller caller) => Dates.Today(time, caller.Zone);

    public async Task<IReadOnlyList<BotReply>> ApplyAsync(Caller caller, StepChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(change);
        var stored = IsWellFormedId(change.StepId) ? await nextSteps.GetAsync(caller.Workspace, change.StepId, cancellationToken) : null;
        if (stored is null || (change.PartnerId is not null && change.PartnerId != stored.Value.PartnerId))
        {
            return Replies.Refuse(NotFound);
        }

        var step = stored.Value;
        if (step.AssigneeUserId != caller.User.UserId && caller.Role == WorkspaceRole.Staff)
        {
            return Replies.Refuse(NotAllowed);
        }

        if (step.Status != NextStepStatus.Open)
        {
            return Replies.Refuse("This next step is already closed. Type 'my steps' to see your open ones.");
        }

        var everyone = await members.ListAsync(caller.Workspace, cancellationToken);
        if (stored.ETag != change.Version)
        {
            var current = await CurrentAsync(caller.Workspace, stored, everyone, Today(caller), cancellationToken);
            return [BotReply.Refuse(change.Version is null
                ? "I cannot tell whether this next step changed after the card was sent, so I did nothing. Here it is as it stands now; its buttons work."
                : "This next step changed after the card was sent (rescheduled, handed over or edited), so I did nothing. Here it is as it stands now."), .. current];
        }

        NextStep updated;
        string message;
        Member? to = null;
        switch (change.Kind)
        {
            case StepChangeKind.Done:
                updated = step with { Status = NextStepStatus.Done, CompletedAt = time.GetUtcNow() };
                message = "Marked done. Type 'contact' with the partner's name to set the next step.";
                break;
            case StepChangeKind.Reschedule:
                if (!DateOnly.TryParseExact(change.Due?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var due) || due < Today(caller) || due > Today(caller).AddYears(2))
                {
                    return Replies.Refuse("Pick a new due date from today to two years ahead. Nothing was changed.");
                }

                updated = step with { DueDate = due };
                message = $"Rescheduled to {Dates.Day(due)}.";
                break;
            case StepChangeKind.Edit:
                var text = change.Text?.Trim() ?? "";
                if (text.Length == 0)
                {
                    return Replies.Refuse($"Say what to do next (at most {ContactCards.MaxText:N0} characters). Nothing was changed.");
                }

                if (text.Length > ContactCards.MaxText)
                {
                    return Replies.Refuse($"The next step may be at most {ContactCards.MaxText:N0} characters (it has {text.Length:N0}). Please shorten it; nothing was changed.");
                }

                updated = step with { Description = text };
                message = $"Updated the next step: {text}";
                break;
            default:
                var (member, problem) = Colleague(everyone, change.Assignee);
                if (member is null)
                {
                    return Replies.Refuse(problem + " Nothing was changed.");
                }

                if (member.UserId == step.AssigneeUserId)
                {
                    return Replies.Refuse($"{member.Name} already has this next step. Nothing was changed.");
                }

                to = member;
                updated = step with { AssigneeUserId = member.UserId };
                message = $"Handed over to {member.Name}; I sent them the next step.";
                break;
        }

        Stored<NextStep> saved;
        try
        {
            saved = await nextSteps.SaveAsync(caller.Workspace, updated, stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse("Someone changed this next step at the same moment; nothing was changed. Type 'my steps' to see the current one.");
        }

        if (to is not null)
        {
            await HandOverContactAsync(caller, saved, step.AssigneeUserId, everyone, cancellationToken);
        }

        return Replies.Say(message);
    }

    /// <summary>
    /// A hand-over from a reminder about the partner itself (no step): the caller gives their own place in the contact
    /// team to a colleague. Only someone in the team can; a manager changes the team with 'contact'.
    /// </summary>
    public async Task<IReadOnlyList<BotReply>> HandOverPlaceAsync(Caller caller, Stored<Partner> partner, string? assignee, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(partner);
        var team = partner.Value.Contact?.UserIds ?? [];
        if (!team.Contains(caller.User.UserId))
        {
            return Replies.Refuse($"You are not in the contact team for {partner.Value.Name}, so there is nothing of yours to hand over. Type 'contact {partner.Value.Name}' to change the team. Nothing was changed.");
        }

        var everyone = await members.ListAsync(caller.Workspace, cancellationToken);
        var (to, problem) = Colleague(everyone, assignee);
        if (to is null)
        {
            return Replies.Refuse(problem + " Nothing was changed.");
        }

        if (team.Contains(to.UserId))
        {
            return Replies.Refuse($"{to.Name} is already in the contact team for {partner.Value.Name}. Nothing was changed.");
        }

        var now = time.GetUtcNow();
        var contact = new ContactAssignment { UserIds = Replace(team, caller.User.UserId, to.UserId), AssignedAt = now, AssignedByUserId = caller.User.UserId };
        try
        {
            await partners.SaveAsync(caller.Workspace, partner.Value with { Contact = contact, UpdatedAt = now }, partner.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse($"Someone changed {partner.Value.Name} at the same moment; nothing was changed. Try again.");
        }

        var notice = $"{caller.User.Name} gave you their place in the contact team for {partner.Value.Name}, from a reminder about it. " +
            $"Type 'how is {partner.Value.Name}' to catch up, or 'my steps' for your next steps.";
        await messenger.SendAsync(caller.Workspace, to.UserId, Replies.Say(notice), $"place|{partner.Value.Id}|{caller.User.UserId}|{to.UserId}|{now.ToUnixTimeSeconds()}", cancellationToken);
        return Replies.Say($"{to.Name} now has your place in the contact team for {partner.Value.Name}. I let them know it was you.");
    }

    /// <summary>What the new assignee of a handed-over step is told first: who handed it over, and from whom.</summary>
    public static string HandOverNotice(UserRef by, string partnerName, string previousAssignee, IReadOnlyList<Member> everyone)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(everyone);
        var from = previousAssignee == by.UserId
            ? ""
            : $" (it was {everyone.FirstOrDefault(m => m.UserId == previousAssignee)?.Name ?? "someone who left the workspace"}'s)";
        return $"{by.Name} handed a next step for {partnerName} over to you{from}. What to do, why and by when are below; it is in 'my steps' too.";
    }

    /// <summary>
    /// Ids come back from cards, so anything may arrive: the stores encode keys, but an id that no step could have is
    /// answered without a read.
    /// </summary>
    private static bool IsWellFormedId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) || char.IsWhiteSpace(c));

    private static (Member? Member, string Problem) Colleague(IReadOnlyList<Member> everyone, string? wanted)
    {
        wanted = wanted?.Trim();
        if (string.IsNullOrEmpty(wanted) || wanted.Length > MaxAssigneeLength)
        {
            return (null, "Name a colleague in this workspace.");
        }

        var byId = everyone.FirstOrDefault(m => m.UserId == wanted);
        if (byId is not null)
        {
            return (byId, "");
        }

        var byName = everyone.Where(m => string.Equals(m.Name, wanted, StringComparison.CurrentCultureIgnoreCase)).ToList();
        return byName.Count switch
        {
            1 => (byName[0], ""),
            0 => (null, "I do not know that colleague in this workspace."),
            _ => (null, "Several colleagues have that name; pick them from the list on the step's card."),
        };
    }

    private static List<string> Replace(IReadOnlyList<string> team, string from, string to) =>
        team.Select(u => u == from ? to : u).Where(u => u != from).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The step as it stands, on a card whose buttons carry its current version.</summary>
    private async Task<IReadOnlyList<BotReply>> CurrentAsync(WorkspaceKey workspace, Stored<NextStep> step, IReadOnlyList<Member> everyone, DateOnly today, CancellationToken cancellationToken)
    {
        var partner = await partners.GetAsync(workspace, step.Value.PartnerId, cancellationToken);
        return partner is null ? [] : [BotReply.Show(ContactCards.Prompt(step, partner.Value, everyone, today))];
    }

    /// <summary>
    /// The new assignee takes the old assignee's place in the partner's contact team, as its lead, and gets the prompt;
    /// everyone else in the team stays.
    /// </summary>
    private async Task HandOverContactAsync(Caller caller, Stored<NextStep> step, string previous, IReadOnlyList<Member> everyone, CancellationToken cancellationToken)
    {
        var partner = await partners.GetAsync(caller.Workspace, step.Value.PartnerId, cancellationToken);
        if (partner is null)
        {
            return;
        }

        var assignee = step.Value.AssigneeUserId;
        var others = partner.Value.Contact?.UserIds.Where(u => u != assignee && u != previous) ?? [];
        var contact = new ContactAssignment { UserIds = [assignee, .. others], AssignedAt = time.GetUtcNow(), AssignedByUserId = caller.User.UserId };
        try
        {
            partner = await partners.SaveAsync(caller.Workspace, partner.Value with { Contact = contact }, partner.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // The step itself moved; the partner's contact list catches up at the next edit.
        }

        var prompt = BotReply.Show(ContactCards.Prompt(step, partner.Value, everyone, Today(caller)));
        var notice = BotReply.Say(HandOverNotice(caller.User, partner.Value.Name, previous, everyone));
        await messenger.SendAsync(caller.Workspace, assignee, [notice, prompt], $"prompt|{step.Value.Id}|{step.ETag}", cancellationToken);
    }
}
