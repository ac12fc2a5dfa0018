using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.FollowThrough.Delivery;

public enum OutboxStatus
{
    Pending,
    /// <summary>Claimed by one instance until <see cref="OutboxMessage.ClaimedUntil"/>; after that anyone may take it over.</summary>
    Sending,
    Sent,
    /// <summary>The recipient cannot be reached (app removed, bot blocked, no conversation known).</summary>
    Unreachable,
    /// <summary>Refused for good (400, 413) or out of attempts (a poison row): never claimed again.</summary>
    Failed,
    /// <summary>
    /// A send may or may not have arrived (timeout or 502/504 after the request left, or an instance stopped mid-send)
    /// and the message's kind is delivered at most once, so it is not sent again.
    /// </summary>
    Unconfirmed,
}

/// <summary>
/// One message waiting to be delivered. It is written before anything is sent, under its idempotency key,
/// so a second write of the same key is a no-op and a restart finds what is left to do.
/// </summary>
public sealed record OutboxMessage
{
    /// <summary>E.g. "digest|{tenant}/{workspace}|{user}|2026-W48" or "nudge|{user}|{cause}|2".</summary>
    public required string Key { get; init; }
    public required WorkspaceKey Workspace { get; init; }
    /// <summary>The member to reach in their 1:1 chat; for a channel post, the channel's conversation id.</summary>
    public required string RecipientUserId { get; init; }
    /// <summary>Set for channel posts: send here instead of looking up the person's conversation.</summary>
    public string? ConversationId { get; init; }
    public string? ServiceUrl { get; init; }
    /// <summary>The replies as JSON: an array of {"text":…} or {"card":{…}}.</summary>
    public required string PayloadJson { get; init; }
    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;
    public int Attempts { get; init; }
    public required DateTimeOffset NextAttemptAt { get; init; }
    public string? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedUntil { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    public string? LastError { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Tells this enqueue from another of the same key; the idempotency record names the one that counts.</summary>
    public string EnqueueId { get; init; } = Guid.NewGuid().ToString("N");
    /// <summary>Activities of the payload confirmed delivered, in order; a retry starts at this one.</summary>
    public int PartsSent { get; init; }
    /// <summary>The part whose POST has left or is about to; still set when an instance stopped mid-send.</summary>
    public int? InFlightPart { get; init; }
    /// <summary>Some send of this message may have arrived without us hearing so.</summary>
    public bool MaybeDelivered { get; init; }
    /// <summary>When it reached a final status.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>When its idempotency record may be removed (set with the final status).</summary>
    public DateTimeOffset? KeyExpiresAt { get; init; }

    public bool IsFinal => Status is OutboxStatus.Sent or OutboxStatus.Unreachable or OutboxStatus.Failed or OutboxStatus.Unconfirmed;
}
