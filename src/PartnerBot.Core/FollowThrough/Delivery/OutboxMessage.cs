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
    /// <summary>Refused for good (400, 413) or out of attempts.</summary>
    Failed,
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
}
