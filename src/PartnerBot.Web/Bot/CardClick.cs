using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;

namespace PartnerBot.Web.Bot;

/// <summary>
/// What a click on a card button (<c>Action.Execute</c>, an <c>adaptiveCard/action</c> invoke) does to the card that
/// was clicked. The rules, in order:
/// <list type="number">
/// <item>A refusal (Core's <see cref="BotReply.Refuse"/>: invalid input, over a limit, a stale, repeated or conflicting
/// card, a closed item, no permission, not found, nothing to do) changed nothing, so the card stays as it is and a form
/// keeps what the person typed, and in a group or channel nobody else's card changes; the reason is the invoke's
/// message and is said in the chat, and a card sent with it (the current version of a stale item) arrives as a new
/// message.</item>
/// <item>A navigation button leaves the card as it is; its result arrives as new messages. Navigation is a command
/// (<see cref="CardActions.Command"/>, from <see cref="Buttons.Command"/>: open a partner, list the steps) or a button
/// that only opens a card or form (<see cref="Buttons.Open"/>: Edit beside a contact or a health check, Edit the last
/// contact), so in a channel one person's edit form never takes the place of the card everyone sees.</item>
/// <item>Anything else (a form's submit that was saved, Cancel, Done on a step) is replaced by its result, so no live
/// form is left behind: the turn's first card, else a small card with the turn's text; the other replies go as
/// messages.</item>
/// <item>The invoke response changes the card only for the person who clicked. In a group chat or a channel a
/// replacement concerns everyone (a step done, a stage changed, a form completed), so the message itself is updated
/// for everyone too.</item>
/// </list>
/// </summary>
/// <param name="Replacement">The card that replaces the one clicked; null to leave it.</param>
/// <param name="Messages">Replies to send as messages.</param>
/// <param name="Note">When the card stays: the short text of the invoke response.</param>
/// <param name="UpdateForEveryone">Also update the clicked message for everyone in the conversation.</param>
public sealed record CardClick(AdaptiveCard? Replacement, IReadOnlyList<BotReply> Messages, string Note, bool UpdateForEveryone)
{
    /// <summary>What the invoke response says when the card stays and the result is in the chat.</summary>
    public const string SeeBelow = "See my reply below.";

    /// <param name="action">The click's action name (the data's <c>action</c>, else the verb).</param>
    /// <param name="replies">What Core answered.</param>
    /// <param name="isGroup">The click came from a group chat or a channel.</param>
    /// <param name="opens">The button only opens a card (<see cref="Buttons.Opens"/> of its data).</param>
    public static CardClick Decide(string? action, IReadOnlyList<BotReply> replies, bool isGroup, bool opens = false)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var refusals = replies.OfType<TextReply>().Where(r => r.ChangedNothing).Select(r => r.Text).ToList();
        if (refusals.Count > 0)
        {
            return new CardClick(null, replies, string.Join(' ', refusals), false);
        }

        if (action == CardActions.Command || opens)
        {
            return new CardClick(null, replies, SeeBelow, false);
        }

        if (replies.Count == 0)
        {
            return new CardClick(null, replies, "Done.", false);
        }

        var first = replies.OfType<CardReply>().FirstOrDefault();
        if (first is not null)
        {
            return new CardClick(first.Card, [.. replies.Where(r => !ReferenceEquals(r, first))], SeeBelow, isGroup);
        }

        return new CardClick(ResultCard(replies.OfType<TextReply>().Select(r => r.Text).ToList()), [], "Done.", isGroup);
    }

    /// <summary>A text-only result as a card, so "Saved …" takes the form's place.</summary>
    public static AdaptiveCard ResultCard(IReadOnlyList<string> texts)
    {
        var card = new AdaptiveCard { FallbackText = string.Join(' ', texts) };
        card.Body.AddRange(texts.Select(t => (CardElement)new TextBlock(t)));
        return card;
    }
}
