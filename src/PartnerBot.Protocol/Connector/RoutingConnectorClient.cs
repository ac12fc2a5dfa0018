using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.DirectLine;

namespace PartnerBot.Protocol.Connector;

/// <summary>
/// The registered <see cref="IConnectorClient"/>: playground conversations are answered in-process,
/// every other service URL over HTTP. Proactive sends therefore reach playground users too.
/// </summary>
internal sealed class RoutingConnectorClient(HttpConnectorClient http, DirectLineConnector playground) : IConnectorClient
{
    public Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        Pick(serviceUrl).SendToConversationAsync(serviceUrl, conversationId, Adapt(serviceUrl, activity), cancellationToken);

    public Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken) =>
        Pick(serviceUrl).ReplyToActivityAsync(serviceUrl, conversationId, replyToId, Adapt(serviceUrl, activity), cancellationToken);

    public Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        Pick(serviceUrl).UpdateActivityAsync(serviceUrl, conversationId, activityId, Adapt(serviceUrl, activity), cancellationToken);

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) =>
        Pick(serviceUrl).DeleteActivityAsync(serviceUrl, conversationId, activityId, cancellationToken);

    public Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken) =>
        Pick(serviceUrl).CreatePersonalConversationAsync(serviceUrl, tenantId, userId, botId, cancellationToken);

    public Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken) =>
        Pick(serviceUrl).GetConversationMemberAsync(serviceUrl, conversationId, userId, cancellationToken);

    /// <summary>The playground's Web Chat cannot run Universal Actions; see <see cref="WebChatCards"/>.</summary>
    private static Activity Adapt(string serviceUrl, Activity activity) =>
        DirectLinePlayground.IsPlaygroundServiceUrl(serviceUrl) ? WebChatCards.ForWebChat(activity) : activity;

    // ---- Rosters of teams and group chats --------------------------------------------------------------------------

    public Task<PagedMembers> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        Pick(serviceUrl).GetPagedMembersAsync(serviceUrl, conversationId, pageSize, continuationToken, cancellationToken);

    private IConnectorClient Pick(string serviceUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceUrl);
        return DirectLinePlayground.IsPlaygroundServiceUrl(serviceUrl) ? playground : http;
    }
}
