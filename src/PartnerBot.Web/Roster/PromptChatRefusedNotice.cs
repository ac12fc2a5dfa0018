using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Roster;

/// <summary>
/// When Teams will not open the chat a next-step prompt needed (PartnerBot is not installed for the new contact), the
/// person who named them is told once, under a key of its own, and what to do about it. Other messages have nobody
/// who asked for them, and stay recorded as unreachable only.
/// </summary>
internal sealed class PromptChatRefusedNotice(INextStepStore steps, IPartnerStore partners, IProactiveMessenger messenger) : IChatRefusedNotice
{
    public const string KeyPrefix = "chat-refused|";

    public async Task TellAsync(OutboxMessage message, string? recipientName, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Key.Split('|') is not ["prompt", var stepId, ..])
        {
            return;
        }

        var step = await steps.GetAsync(message.Workspace, stepId, cancellationToken);
        if (step?.Value.CreatedByUserId is not { Length: > 0 } by || by == message.RecipientUserId)
        {
            return;
        }

        var partner = (await partners.GetAsync(message.Workspace, step.Value.PartnerId, cancellationToken))?.Value.Name;
        var text = $"I could not send {recipientName ?? "the contact you named"} their next step for {partner ?? "a partner"}: Teams would not open a chat with them ({reason}), so PartnerBot is not installed for them. "
            + $"Ask them to add PartnerBot in Teams, or pick someone else{(partner is null ? "" : $" with 'contact {partner}'")}.";
        await messenger.SendAsync(message.Workspace, by, [BotReply.Say(text)], KeyPrefix + message.Key, cancellationToken);
    }
}
