using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.Connector;

/// <summary>
/// The Bot Connector REST API (v3) against a channel's service URL. Implementations attach the
/// bot's token only for trusted service URLs, and retry 429/412/5xx with backoff.
/// Failures surface as <see cref="ConnectorException"/>.
/// </summary>
public interface IConnectorClient
{
    /// <summary><c>POST /v3/conversations/{id}/activities</c>: a new message in a conversation.</summary>
    Task<string?> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>POST /v3/conversations/{id}/activities/{activityId}</c>: a reply.</summary>
    Task<string?> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>PUT /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary><c>DELETE /v3/conversations/{id}/activities/{activityId}</c>.</summary>
    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>POST /v3/conversations</c>: creates (or finds) the 1:1 conversation with a user.
    /// Returns the conversation id.
    /// </summary>
    Task<string> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string? botId, CancellationToken cancellationToken);

    /// <summary>
    /// <c>GET /v3/conversations/{id}/members/{userId}</c>: one member of a conversation, with their tenant and
    /// role. Null when the connector answers 404 (no such member); any other failure throws.
    /// </summary>
    Task<ConversationMember?> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken);

    // ---- Rosters of teams and group chats --------------------------------------------------------------------------

    /// <summary>
    /// <c>GET /v3/conversations/{id}/pagedmembers?pageSize=N&amp;continuationToken=…</c>: one page of the members of a
    /// team (its id is the team id) or a group chat, with their tenant and role. Pass the previous page's
    /// <see cref="PagedMembers.ContinuationToken"/> for the next; <see cref="RosterPaging"/> follows them to a cap.
    /// A client that cannot list rosters answers 501, so callers fall back to the people they know.
    /// </summary>
    Task<PagedMembers> GetPagedMembersAsync(string serviceUrl, string conversationId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        throw new ConnectorException(System.Net.HttpStatusCode.NotImplemented, ConnectorException.RosterUnsupported, "This connector cannot list a conversation's members.");
}
