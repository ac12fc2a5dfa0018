using Azure.Data.Tables;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.ConversationReferences;

/// <summary>Maps a reference to and from its table row. The raw ids are stored too, so keys never need decoding.</summary>
internal static class ConversationReferenceEntity
{
    public static TableEntity FromReference(StoredConversationReference r) => new(KeyEncoder.Encode(r.TenantId), KeyEncoder.Encode(r.UserId))
    {
        [nameof(r.TenantId)] = r.TenantId,
        [nameof(r.UserId)] = r.UserId,
        [nameof(r.ChannelId)] = r.ChannelId,
        [nameof(r.ServiceUrl)] = r.ServiceUrl,
        [nameof(r.ConversationId)] = r.ConversationId,
        [nameof(r.ChannelUserId)] = r.ChannelUserId,
        [nameof(r.UserName)] = r.UserName,
        [nameof(r.BotId)] = r.BotId,
        [nameof(r.ConversationType)] = r.ConversationType,
        [nameof(r.Reachable)] = r.Reachable,
        [nameof(r.UnreachableReason)] = r.UnreachableReason,
        [nameof(r.UpdatedAt)] = r.UpdatedAt,
    };

    public static StoredConversationReference ToReference(TableEntity e) => new()
    {
        TenantId = e.GetString(nameof(StoredConversationReference.TenantId)) ?? KeyEncoder.Decode(e.PartitionKey),
        UserId = e.GetString(nameof(StoredConversationReference.UserId)) ?? KeyEncoder.Decode(e.RowKey),
        ChannelId = e.GetString(nameof(StoredConversationReference.ChannelId)) ?? "",
        ServiceUrl = e.GetString(nameof(StoredConversationReference.ServiceUrl)) ?? "",
        ConversationId = e.GetString(nameof(StoredConversationReference.ConversationId)) ?? "",
        ChannelUserId = e.GetString(nameof(StoredConversationReference.ChannelUserId)),
        UserName = e.GetString(nameof(StoredConversationReference.UserName)),
        BotId = e.GetString(nameof(StoredConversationReference.BotId)),
        ConversationType = e.GetString(nameof(StoredConversationReference.ConversationType)),
        Reachable = e.GetBoolean(nameof(StoredConversationReference.Reachable)) ?? true,
        UnreachableReason = e.GetString(nameof(StoredConversationReference.UnreachableReason)),
        UpdatedAt = e.GetDateTimeOffset(nameof(StoredConversationReference.UpdatedAt)) ?? e.Timestamp ?? DateTimeOffset.MinValue,
    };

    /// <summary>Equal in everything but the time of writing: rewriting it would cost a transaction and say nothing new.</summary>
    public static bool SameAddress(StoredConversationReference a, StoredConversationReference b) =>
        a with { UpdatedAt = default } == b with { UpdatedAt = default };
}
