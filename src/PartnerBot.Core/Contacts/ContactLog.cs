using PartnerBot.Core.Cards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Contacts;

/// <summary>
/// The one rule for a logged contact with a partner (a call, a meeting, an e-mail, a visit), whether it comes from the
/// 'log' card or from the "Log it" box of a quiet-partner reminder: what happened is required and at most
/// <see cref="MaxSummary"/> characters (refused with its length, never cut), the day is today or earlier, and the
/// contact restarts the quiet-partner reminder from that day.
/// </summary>
public static class ContactLog
{
    public const int MaxSummary = 1000;

    public const string NotYours = "Only the person who logged this contact, a manager or an admin can edit it. Nothing was changed.";
    public const string Gone = "That contact is no longer logged for this partner. Nothing was changed.";
    public const string Stale = "Someone changed this contact after the card was sent, so I changed nothing. Type 'log' and the partner's name to see it as it stands now.";

    /// <summary>Saves the contact, or says what is wrong and saves nothing; <c>Saved</c> tells which.</summary>
    public static async Task<(bool Saved, IReadOnlyList<BotReply> Replies)> LogAsync(
        IPartnerHistoryStore histories, TimeProvider time, Caller caller, Partner partner, string? summary, DateOnly? day, CancellationToken cancellationToken)
    {
        var (text, date, today, problem) = Check(time, caller, summary, day, "Nothing was logged");
        if (problem is not null)
        {
            return (false, Replies.Refuse(problem));
        }

        var now = time.GetUtcNow();
        await histories.SaveInteractionAsync(caller.Workspace, new Interaction
        {
            Id = Guid.NewGuid().ToString("N"),
            PartnerId = partner.Id,
            UserId = caller.User.UserId,
            Summary = text,
            OccurredAt = date == today ? now : Dates.NoonOf(date, caller.Zone),
        }, cancellationToken);
        var when = Dates.Relative(date, today);
        return (true, Replies.Say($"Logged your contact with {partner.Name} ({when}). The quiet-partner reminder starts again from that day."));
    }

    /// <summary>Whether the caller may edit a logged contact: the person who logged it, a manager or an admin.</summary>
    public static bool MayEdit(Caller caller, Interaction interaction) =>
        interaction.UserId == caller.User.UserId || caller.Role != WorkspaceRole.Staff;

    /// <summary>
    /// Edits a logged contact's text and day under the same rule as logging it, only if the row is unchanged since
    /// <paramref name="version"/> (the ETag the edit card carried); otherwise says why and changes nothing.
    /// </summary>
    public static async Task<(bool Saved, IReadOnlyList<BotReply> Replies)> EditAsync(
        IPartnerHistoryStore histories, TimeProvider time, Caller caller, Partner partner, string? interactionId, string? version, string? summary, DateOnly? day, CancellationToken cancellationToken)
    {
        var history = await histories.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var current = history.Interactions.FirstOrDefault(i => i.Id == interactionId);
        if (current is null || !history.InteractionETags.TryGetValue(current.Id, out var etag))
        {
            return (false, Replies.Refuse(Gone));
        }

        if (!MayEdit(caller, current))
        {
            return (false, Replies.Refuse(NotYours));
        }

        if (string.IsNullOrEmpty(version) || version != etag)
        {
            return (false, Replies.Refuse(Stale));
        }

        var (text, date, today, problem) = Check(time, caller, summary, day, "Nothing was changed");
        if (problem is not null)
        {
            return (false, Replies.Refuse(problem));
        }

        // An unchanged day keeps its exact moment; a new one is read on the editor's calendar, as when logging.
        var occurredAt = date == Dates.LocalDay(current.OccurredAt, caller.Zone) ? current.OccurredAt
            : date == today ? time.GetUtcNow() : Dates.NoonOf(date, caller.Zone);
        try
        {
            await histories.UpdateInteractionAsync(caller.Workspace, current with { Summary = text, OccurredAt = occurredAt }, etag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return (false, Replies.Refuse(Stale));
        }

        return (true, Replies.Say($"Updated the contact with {partner.Name} ({Dates.Relative(date, today)}). The quiet-partner reminder counts from that day."));
    }

    private static (string Text, DateOnly Date, DateOnly Today, string? Problem) Check(TimeProvider time, Caller caller, string? summary, DateOnly? day, string nothing)
    {
        var text = summary?.Trim() ?? "";
        // The day is the person's own: "today" and a picked day are read on their calendar, not UTC's.
        var today = Dates.LocalDay(time.GetUtcNow(), caller.Zone);
        var date = day ?? today;
        string? problem = null;
        if (text.Length == 0)
        {
            problem = $"{nothing}: say briefly what happened (at most {MaxSummary:N0} characters).";
        }
        else if (text.Length > MaxSummary)
        {
            problem = $"{nothing}: what happened may be at most {MaxSummary:N0} characters (it has {text.Length:N0}). Please shorten it and send again.";
        }
        else if (date > today)
        {
            problem = $"{nothing}: the day it happened cannot be in the future.";
        }

        return (text, date, today, problem);
    }
}
