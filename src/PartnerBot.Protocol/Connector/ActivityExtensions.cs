using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.Connector;

/// <summary>Small helpers over <see cref="Activity"/> for answering and for messaging later.</summary>
public static class ActivityExtensions
{
    /// <summary>What is needed to message the sender of this activity later.</summary>
    /// <exception cref="ArgumentException">The activity lacks a channel id, service URL or conversation id.</exception>
    public static ConversationReference GetConversationReference(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrEmpty(activity.ChannelId) || string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            throw new ArgumentException("The activity has no channel id, service URL or conversation id.", nameof(activity));
        }

        return new ConversationReference
        {
            ChannelId = activity.ChannelId,
            ServiceUrl = activity.ServiceUrl,
            ConversationId = activity.Conversation.Id,
            TenantId = activity.GetTenantId(),
            UserId = activity.From?.Id,
            UserAadObjectId = activity.From?.AadObjectId,
            UserName = activity.From?.Name,
            BotId = activity.Recipient?.Id,
            BotName = activity.Recipient?.Name,
            ConversationType = activity.Conversation.ConversationType,
        };
    }

    /// <summary>A message answering this activity, addressed back to its sender.</summary>
    public static Activity CreateReply(this Activity activity, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new Activity
        {
            Type = ActivityTypes.Message,
            Text = text,
            ChannelId = activity.ChannelId,
            ServiceUrl = activity.ServiceUrl,
            Conversation = activity.Conversation,
            From = activity.Recipient,
            Recipient = activity.From,
            ReplyToId = activity.Id,
        };
    }

    /// <summary>A new message addressed through a stored reference (for proactive messages).</summary>
    public static Activity CreateMessage(this ConversationReference reference, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new Activity
        {
            Type = ActivityTypes.Message,
            Text = text,
            ChannelId = reference.ChannelId,
            ServiceUrl = reference.ServiceUrl,
            Conversation = new ConversationAccount
            {
                Id = reference.ConversationId,
                TenantId = reference.TenantId,
                ConversationType = reference.ConversationType,
            },
            From = reference.BotId is null ? null : new ChannelAccount { Id = reference.BotId, Name = reference.BotName },
            Recipient = reference.UserId is null ? null : new ChannelAccount { Id = reference.UserId, Name = reference.UserName, AadObjectId = reference.UserAadObjectId },
        };
    }
}
