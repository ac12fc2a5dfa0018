using System.Collections.Concurrent;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;

namespace PartnerBot.Protocol.Tests.Support;

/// <summary>A connector that records what the bot sent instead of calling a channel.</summary>
public sealed class CapturingConnector : IConnectorClient
{
    public ConcurrentQueue<(string Call, string ServiceUrl, string ConversationId, string? ReplyToId, Activity? Activity)> Calls { get; } = new();

    public Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("send", serviceUrl, conversationId, null, activity));
        return Task.FromResult<string?>("sent-" + Calls.Count);
    }

    public Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("reply", serviceUrl, conversationId, replyToId, activity));
        return Task.FromResult<string?>("reply-" + Calls.Count);
    }

    public Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("update", serviceUrl, conversationId, activityId, activity));
        return Task.CompletedTask;
    }

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("delete", serviceUrl, conversationId, activityId, null));
        return Task.CompletedTask;
    }

    public Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("create", serviceUrl, tenantId, userId, null));
        return Task.FromResult("a:created");
    }

    /// <summary>Everyone is a member of the tenant; the tenant is not known here, so none is given.</summary>
    public Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("member", serviceUrl, conversationId, userId, null));
        return Task.FromResult<ConversationMember?>(new ConversationMember { Id = userId, UserRole = ConversationMember.UserRoleUser });
    }
}
