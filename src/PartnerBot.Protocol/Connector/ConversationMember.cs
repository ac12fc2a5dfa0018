using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartnerBot.Protocol.Connector;

/// <summary>
/// One member of a conversation as the connector describes them (Teams' <c>TeamsChannelAccount</c>), from
/// <c>GET /v3/conversations/{id}/members/{userId}</c>. Unknown fields are kept.
/// </summary>
public sealed class ConversationMember
{
    /// <summary>The <see cref="UserRole"/> of a tenant's own member.</summary>
    public const string UserRoleUser = "user";

    /// <summary>The <see cref="UserRole"/> of a guest invited into the tenant.</summary>
    public const string UserRoleGuest = "guest";

    /// <summary>The <see cref="UserRole"/> of someone who joined without signing in (e.g. a meeting link).</summary>
    public const string UserRoleAnonymous = "anonymous";

    /// <summary>The channel-specific id (<c>29:…</c> in Teams).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>The display name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The Entra object id.</summary>
    [JsonPropertyName("aadObjectId")]
    public string? AadObjectId { get; set; }

    /// <summary>The e-mail address, when the channel shares it.</summary>
    [JsonPropertyName("email")]
    public string? Email { get; set; }

    /// <summary>The user principal name.</summary>
    [JsonPropertyName("userPrincipalName")]
    public string? UserPrincipalName { get; set; }

    /// <summary>The Entra tenant the member signed in with.</summary>
    [JsonPropertyName("tenantId")]
    public string? TenantId { get; set; }

    /// <summary><c>user</c>, <c>guest</c> or <c>anonymous</c>; see the constants above.</summary>
    [JsonPropertyName("userRole")]
    public string? UserRole { get; set; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
