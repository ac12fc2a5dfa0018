namespace PartnerBot.Protocol.Connector;

/// <summary>What is needed to message a user or a channel later, without an inbound activity.</summary>
public sealed record ConversationReference
{
    /// <summary>The channel id, e.g. <c>msteams</c>.</summary>
    public required string ChannelId { get; init; }

    /// <summary>The connector's base URL. It can change; keep the latest.</summary>
    public required string ServiceUrl { get; init; }

    /// <summary>The conversation id.</summary>
    public required string ConversationId { get; init; }

    /// <summary>The tenant id.</summary>
    public string? TenantId { get; init; }

    /// <summary>The user's channel id (<c>29:…</c>).</summary>
    public string? UserId { get; init; }

    /// <summary>The user's Entra object id.</summary>
    public string? UserAadObjectId { get; init; }

    /// <summary>The user's display name.</summary>
    public string? UserName { get; init; }

    /// <summary>The bot's channel id (<c>28:…</c>).</summary>
    public string? BotId { get; init; }

    /// <summary>The bot's name.</summary>
    public string? BotName { get; init; }

    /// <summary>personal, groupChat or channel.</summary>
    public string? ConversationType { get; init; }
}
