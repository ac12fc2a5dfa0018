using System.Text.Json.Nodes;

namespace PartnerBot.Core.Conversations;

/// <summary>Who is speaking, as Core sees it: no channel details.</summary>
/// <param name="TenantId">The Entra tenant.</param>
/// <param name="UserId">The Entra object id, or the channel user id where there is none (playground).</param>
/// <param name="Name">The display name.</param>
/// <param name="TimeZone">IANA time zone from the person's activity, if sent.</param>
public sealed record UserRef(string TenantId, string UserId, string Name, string? TimeZone = null);

/// <summary>One thing a person said or submitted.</summary>
public sealed record TurnInput
{
    public required UserRef User { get; init; }

    /// <summary>Typed text, trimmed, with any bot mention removed.</summary>
    public string? Text { get; init; }

    /// <summary>A card submit's data merged with its inputs (<c>{ "action": "...", ... }</c>).</summary>
    public JsonObject? Value { get; init; }

    /// <summary>False in group chats and channels.</summary>
    public bool IsPersonalChat { get; init; } = true;
}
