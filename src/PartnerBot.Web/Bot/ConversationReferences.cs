using PartnerBot.Core.Stores;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;

namespace PartnerBot.Web.Bot;

/// <summary>Between the channel's view of an address and the stored one.</summary>
public static class ConversationReferences
{
    /// <summary>The address a reply to this activity would use, keyed for storage.</summary>
    internal static StoredConversationReference FromActivity(Activity activity, TurnIdentity identity, DateTimeOffset now) => new()
    {
        TenantId = identity.User.TenantId,
        UserId = identity.ReferenceKey,
        ChannelId = activity.ChannelId ?? "msteams",
        ServiceUrl = identity.ServiceUrl,
        ConversationId = identity.IsPersonal ? identity.ConversationId : identity.ReferenceKey,
        ChannelUserId = identity.IsPersonal ? activity.From?.Id : null,
        UserName = identity.IsPersonal ? identity.User.Name : activity.Conversation?.Name,
        BotId = activity.Recipient?.Id,
        ConversationType = activity.Conversation?.ConversationType ?? (identity.IsPersonal ? "personal" : null),
        Reachable = true,
        UpdatedAt = now,
    };

    /// <summary>What the connector needs to message this person or channel proactively.</summary>
    public static ConversationReference ToConversationReference(this StoredConversationReference stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var personal = stored.ChannelUserId is not null;
        return new ConversationReference
        {
            ChannelId = stored.ChannelId,
            ServiceUrl = stored.ServiceUrl,
            ConversationId = stored.ConversationId,
            TenantId = stored.TenantId,
            UserId = stored.ChannelUserId,
            UserAadObjectId = personal && stored.UserId != stored.ChannelUserId ? stored.UserId : null,
            UserName = stored.UserName,
            BotId = stored.BotId,
            ConversationType = stored.ConversationType,
        };
    }
}
