using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartnerBot.Protocol.Connector;

/// <summary>
/// One page of a conversation's members (Teams' <c>TeamsPagedMembersResult</c>): <c>{ members: [...], continuationToken }</c>.
/// No continuation token means this was the last page. Unknown fields are kept.
/// </summary>
public sealed class PagedMembers
{
    /// <summary>The members on this page.</summary>
    [JsonPropertyName("members")]
    public IList<ConversationMember> Members { get; set; } = [];

    /// <summary>Asks for the next page; null or empty on the last.</summary>
    [JsonPropertyName("continuationToken")]
    public string? ContinuationToken { get; set; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
