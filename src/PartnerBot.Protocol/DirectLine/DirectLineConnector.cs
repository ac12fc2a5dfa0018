using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.DirectLine;

/// <summary>Delivers the bot's activities for the playground service URL into the in-memory conversation.</summary>
internal sealed class DirectLineConnector(DirectLineStore store, IOptions<BotOptions> options, TimeProvider timeProvider) : IConnectorClient
{
    public Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(Conversation(conversationId).Append(Snapshot(activity)));

    public Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken)
    {
        var copy = Snapshot(activity);
        copy.ReplyToId = replyToId;
        return Task.FromResult<string?>(Conversation(conversationId).Append(copy));
    }

    public Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        var copy = Snapshot(activity);
        copy.Id = activityId;
        if (!Conversation(conversationId).Replace(copy))
        {
            throw new ConnectorException(HttpStatusCode.NotFound, "ActivityNotFound", "The playground conversation has no such activity.");
        }

        return Task.CompletedTask;
    }

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        if (!Conversation(conversationId).Remove(activityId))
        {
            throw new ConnectorException(HttpStatusCode.NotFound, "ActivityNotFound", "The playground conversation has no such activity.");
        }

        return Task.CompletedTask;
    }

    public Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken)
    {
        // A playground user has exactly one place to be reached: the conversation their browser polls.
        var conversation = store.FindByUser(userId)
            ?? throw new ConnectorException(HttpStatusCode.NotFound, "ConversationNotFound", "The user has no open playground conversation.");
        return Task.FromResult(conversation.Id);
    }

    /// <summary>
    /// The playground has one member besides the bot: the person at the browser, a tenant member of the playground
    /// tenant, so local use enrols them as staff. Anyone else is not in the conversation.
    /// </summary>
    public Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        var user = store.Find(conversationId)?.User;
        return Task.FromResult(user?.Id is { } id && id == userId
            ? new ConversationMember { Id = id, Name = user.Name, TenantId = options.Value.PlaygroundTenantId, UserRole = ConversationMember.UserRoleUser }
            : null);
    }

    private DirectLineConversation Conversation(string conversationId) =>
        store.Find(conversationId)
            ?? throw new ConnectorException(HttpStatusCode.NotFound, "ConversationNotFound", "The playground conversation no longer exists.");

    // Copy, so a bot that reuses or changes its activity object later does not rewrite history.
    private Activity Snapshot(Activity activity)
    {
        var copy = JsonSerializer.Deserialize<Activity>(JsonSerializer.SerializeToUtf8Bytes(activity, ProtocolJson.Options), ProtocolJson.Options)!;
        copy.Type ??= ActivityTypes.Message;
        copy.Timestamp = timeProvider.GetUtcNow();
        copy.ChannelId = DirectLinePlayground.ChannelId;
        copy.ServiceUrl = DirectLinePlayground.ServiceUrl;
        copy.From ??= new ChannelAccount { Id = DirectLinePlayground.BotId, Name = options.Value.PlaygroundBotName, Role = "bot" };
        return copy;
    }
}
