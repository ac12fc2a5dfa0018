using PartnerBot.Core.Cards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

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

    /// <summary>Saves the contact, or says what is wrong and saves nothing; <c>Saved</c> tells which.</summary>
    public static async Task<(bool Saved, IReadOnlyList<BotReply> Replies)> LogAsync(
        IPartnerHistoryStore histories, TimeProvider time, Caller caller, Partner partner, string? summary, DateOnly? day, CancellationToken cancellationToken)
    {
        var text = summary?.Trim() ?? "";
        if (text.Length == 0)
        {
            return (false, Replies.Say($"Nothing was logged: say briefly what happened (at most {MaxSummary:N0} characters)."));
        }

        if (text.Length > MaxSummary)
        {
            return (false, Replies.Say($"Nothing was logged: what happened may be at most {MaxSummary:N0} characters (it has {text.Length:N0}). Please shorten it and send again."));
        }

        // The day is the person's own: "today" and a picked day are read on their calendar, not UTC's.
        var now = time.GetUtcNow();
        var today = Dates.LocalDay(now, caller.Zone);
        var date = day ?? today;
        if (date > today)
        {
            return (false, Replies.Say("Nothing was logged: the day it happened cannot be in the future."));
        }

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
}
