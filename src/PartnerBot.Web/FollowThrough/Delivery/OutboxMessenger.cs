using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.FollowThrough.Delivery;

/// <summary>Wakes the dispatcher when something was enqueued, so a prompt goes out in seconds, not at the next poll.</summary>
public sealed class DispatchSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Raise()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already raised by another thread: one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>The proactive messenger flows use: writes to the outbox under the caller's key; the dispatcher sends it.</summary>
public sealed class OutboxMessenger(IOutboxStore outbox, TimeProvider time, DispatchSignal signal) : IProactiveMessenger
{
    public async Task SendAsync(WorkspaceKey workspace, string userId, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        await EnqueueAsync(workspace, userId, conversationId: null, serviceUrl: null, replies, idempotencyKey, cancellationToken);
    }

    /// <summary>Posts to a team channel instead of a person's 1:1 chat.</summary>
    public async Task PostToChannelAsync(WorkspaceKey workspace, string serviceUrl, string conversationId, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken)
    {
        await EnqueueAsync(workspace, conversationId, conversationId, serviceUrl, replies, idempotencyKey, cancellationToken);
    }

    private async Task EnqueueAsync(WorkspaceKey workspace, string recipientUserId, string? conversationId, string? serviceUrl, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await outbox.EnqueueAsync(new OutboxMessage
        {
            Key = idempotencyKey,
            Workspace = workspace,
            RecipientUserId = recipientUserId,
            ConversationId = conversationId,
            ServiceUrl = serviceUrl,
            PayloadJson = OutboxPayload.Serialize(replies),
            NextAttemptAt = now,
            CreatedAt = now,
        }, cancellationToken);
        signal.Raise();
    }
}
