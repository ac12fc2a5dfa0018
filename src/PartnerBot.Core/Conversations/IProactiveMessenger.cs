using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Conversations;

/// <summary>
/// Sends replies to a person who did not just speak (a next-step prompt for a new contact, a nudge, a digest).
/// The follow-through delivery implements it over the outbox, so a send survives restarts and is never doubled.
/// </summary>
public interface IProactiveMessenger
{
    /// <param name="workspace">The workspace the message belongs to.</param>
    /// <param name="userId">The member's user id (Entra object id, or the channel id where there is none).</param>
    /// <param name="replies">What to send.</param>
    /// <param name="idempotencyKey">The same key twice sends once, e.g. "prompt|{nextStepId}".</param>
    /// <param name="cancellationToken">Cancels the enqueue, not a send already accepted.</param>
    Task SendAsync(WorkspaceKey workspace, string userId, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken);
}
