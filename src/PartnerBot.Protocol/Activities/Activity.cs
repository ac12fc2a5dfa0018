using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PartnerBot.Protocol.Activities;

/// <summary>
/// A Bot Framework activity. Typed access to the fields PartnerBot uses; every other field
/// Teams sends is kept in <see cref="ExtensionData"/> so the activity round-trips without loss.
/// </summary>
public sealed class Activity
{
    /// <summary>The activity type, see <see cref="ActivityTypes"/>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The channel's id for this activity.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>When the channel received or sent the activity (UTC).</summary>
    [JsonPropertyName("timestamp")]
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The sender's local time, with its offset.</summary>
    [JsonPropertyName("localTimestamp")]
    public DateTimeOffset? LocalTimestamp { get; set; }

    /// <summary>The sender's IANA time zone name, e.g. <c>Europe/Copenhagen</c>.</summary>
    [JsonPropertyName("localTimezone")]
    public string? LocalTimezone { get; set; }

    /// <summary>The base URL of the channel's connector; replies go there.</summary>
    [JsonPropertyName("serviceUrl")]
    public string? ServiceUrl { get; set; }

    /// <summary>The channel id, e.g. <c>msteams</c> or <c>directline</c>.</summary>
    [JsonPropertyName("channelId")]
    public string? ChannelId { get; set; }

    /// <summary>Who sent the activity.</summary>
    [JsonPropertyName("from")]
    public ChannelAccount? From { get; set; }

    /// <summary>Who receives the activity.</summary>
    [JsonPropertyName("recipient")]
    public ChannelAccount? Recipient { get; set; }

    /// <summary>The conversation the activity belongs to.</summary>
    [JsonPropertyName("conversation")]
    public ConversationAccount? Conversation { get; set; }

    /// <summary>The id of the activity this one replies to.</summary>
    [JsonPropertyName("replyToId")]
    public string? ReplyToId { get; set; }

    /// <summary>The message text.</summary>
    [JsonPropertyName("text")]
    public string? Text { get; set; }

    /// <summary>The text format: <c>plain</c>, <c>markdown</c> or <c>xml</c>.</summary>
    [JsonPropertyName("textFormat")]
    public string? TextFormat { get; set; }

    /// <summary>How several attachments are laid out: <c>list</c> or <c>carousel</c>.</summary>
    [JsonPropertyName("attachmentLayout")]
    public string? AttachmentLayout { get; set; }

    /// <summary>A card submit's data, or an invoke's payload.</summary>
    [JsonPropertyName("value")]
    public JsonNode? Value { get; set; }

    /// <summary>Cards and files.</summary>
    [JsonPropertyName("attachments")]
    public IList<Attachment>? Attachments { get; set; }

    /// <summary>Mentions, client info and other entities, kept as JSON.</summary>
    [JsonPropertyName("entities")]
    public IList<JsonObject>? Entities { get; set; }

    /// <summary>Channel-specific data; for Teams see <see cref="TeamsChannelData"/>.</summary>
    [JsonPropertyName("channelData")]
    public JsonObject? ChannelData { get; set; }

    /// <summary>The invoke or event name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>For <c>installationUpdate</c>: add, remove, add-upgrade, remove-upgrade.</summary>
    [JsonPropertyName("action")]
    public string? Action { get; set; }

    /// <summary>Members added, for <c>conversationUpdate</c>.</summary>
    [JsonPropertyName("membersAdded")]
    public IList<ChannelAccount>? MembersAdded { get; set; }

    /// <summary>Members removed, for <c>conversationUpdate</c>.</summary>
    [JsonPropertyName("membersRemoved")]
    public IList<ChannelAccount>? MembersRemoved { get; set; }

    /// <summary>Every field without a typed property above.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The Teams view of <see cref="ChannelData"/>, or null when there is none.</summary>
    public TeamsChannelData? GetTeamsChannelData() =>
        ChannelData?.Deserialize<TeamsChannelData>(ProtocolJson.Options);

    /// <summary>
    /// The tenant the activity comes from: <c>conversation.tenantId</c> only. <c>channelData.tenant.id</c> proves
    /// nothing on its own (a client writes it on other channels); the endpoint refuses an activity where it differs.
    /// </summary>
    public string? GetTenantId() => Conversation?.TenantId;
}

/// <summary>A user or bot in a channel.</summary>
public sealed class ChannelAccount
{
    /// <summary>The channel-specific id (<c>29:…</c> in Teams).</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>The display name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The Entra object id of the user.</summary>
    [JsonPropertyName("aadObjectId")]
    public string? AadObjectId { get; set; }

    /// <summary>user or bot.</summary>
    [JsonPropertyName("role")]
    public string? Role { get; set; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A conversation in a channel.</summary>
public sealed class ConversationAccount
{
    /// <summary>The conversation id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>True for group chats and channels.</summary>
    [JsonPropertyName("isGroup")]
    public bool? IsGroup { get; set; }

    /// <summary>personal, groupChat or channel.</summary>
    [JsonPropertyName("conversationType")]
    public string? ConversationType { get; set; }

    /// <summary>The Entra tenant id.</summary>
    [JsonPropertyName("tenantId")]
    public string? TenantId { get; set; }

    /// <summary>The conversation's display name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An attachment: a card or a file.</summary>
public sealed class Attachment
{
    /// <summary>The content type, e.g. <see cref="ContentTypes.AdaptiveCard"/>.</summary>
    [JsonPropertyName("contentType")]
    public string? ContentType { get; set; }

    /// <summary>The content, e.g. the Adaptive Card JSON.</summary>
    [JsonPropertyName("content")]
    public JsonNode? Content { get; set; }

    /// <summary>The URL of a file's content.</summary>
    [JsonPropertyName("contentUrl")]
    public string? ContentUrl { get; set; }

    /// <summary>The file name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The parts of Teams' <c>channelData</c> that PartnerBot reads.</summary>
public sealed class TeamsChannelData
{
    /// <summary>The tenant.</summary>
    [JsonPropertyName("tenant")]
    public TeamsEntity? Tenant { get; set; }

    /// <summary>The team, for channel conversations.</summary>
    [JsonPropertyName("team")]
    public TeamsEntity? Team { get; set; }

    /// <summary>The channel, for channel conversations.</summary>
    [JsonPropertyName("channel")]
    public TeamsEntity? Channel { get; set; }

    /// <summary>The Teams event type of a conversationUpdate, e.g. <c>teamMemberAdded</c>.</summary>
    [JsonPropertyName("eventType")]
    public string? EventType { get; set; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An id and a name, as Teams sends for a tenant, team or channel.</summary>
public sealed class TeamsEntity
{
    /// <summary>The id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>The name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The activity types PartnerBot handles.</summary>
public static class ActivityTypes
{
    /// <summary>A message.</summary>
    public const string Message = "message";
    /// <summary>Members added or removed, conversation renamed.</summary>
    public const string ConversationUpdate = "conversationUpdate";
    /// <summary>The app installed or uninstalled.</summary>
    public const string InstallationUpdate = "installationUpdate";
    /// <summary>A request that expects a response in the HTTP reply.</summary>
    public const string Invoke = "invoke";
    /// <summary>A typing indicator.</summary>
    public const string Typing = "typing";
    /// <summary>An event.</summary>
    public const string Event = "event";
}

/// <summary>Content types.</summary>
public static class ContentTypes
{
    /// <summary>An Adaptive Card attachment.</summary>
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
}
