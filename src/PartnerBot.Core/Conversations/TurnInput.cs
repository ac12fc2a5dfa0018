using System.Text.Json.Nodes;

namespace PartnerBot.Core.Conversations;

/// <summary>Who is speaking, as Core sees it: no channel details.</summary>
/// <param name="TenantId">The Entra tenant.</param>
/// <param name="UserId">The Entra object id, or the channel user id where there is none (playground).</param>
/// <param name="Name">The display name.</param>
/// <param name="TimeZone">IANA time zone from the person's activity, if sent.</param>
public sealed record UserRef(string TenantId, string UserId, string Name, string? TimeZone = null);

/// <summary>The kind of conversation a turn came from.</summary>
public enum ConversationKind
{
    Personal,
    GroupChat,
    Channel,
}

/// <summary>Where a turn happened: what a command needs to post there again later (e.g. the weekly digest to a channel).</summary>
/// <param name="ConversationId">For a channel, the channel itself (no reply-thread suffix); else the conversation.</param>
/// <param name="ServiceUrl">The connector that carried the turn; proactive posts must go back to it.</param>
/// <param name="Kind">A 1:1 chat, a group chat or a Teams team channel.</param>
/// <param name="ChannelName">The channel's name when Teams sent one (it often leaves it out for General).</param>
public sealed record ConversationPlace(string ConversationId, string ServiceUrl, ConversationKind Kind, string? ChannelName = null)
{
    public bool IsChannel => Kind == ConversationKind.Channel;

    /// <summary>
    /// The speaker's id in this conversation (Teams <c>29:…</c>): what the channel's roster knows them by, to look
    /// them up before they are enrolled. Null when the host does not know it.
    /// </summary>
    public string? SpeakerId { get; init; }
}

/// <summary>One thing a person said or submitted.</summary>
public sealed record TurnInput
{
    public required UserRef User { get; init; }

    /// <summary>Typed text, trimmed, with any bot mention removed.</summary>
    public string? Text { get; init; }

    /// <summary>A card submit's data merged with its inputs (<c>{ "action": "...", ... }</c>).</summary>
    public JsonObject? Value { get; init; }

    /// <summary>Where it was said; null when the host does not know (e.g. some unit tests).</summary>
    public ConversationPlace? Place { get; init; }
}
