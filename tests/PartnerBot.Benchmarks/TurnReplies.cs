using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PartnerBot.Testing.FakeConnector;

namespace PartnerBot.Benchmarks;

/// <summary>
/// The bot's replies to the turn benchmark, caught at the shared fake connector. Its Teams limits are off for turns:
/// each simulated user sends far more than 7 messages a second to its one chat, and the benchmark measures the bot.
/// </summary>
internal sealed class TurnReplies
{
    // One service URL for every simulated tenant: the channel token names one service URL, and the bot checks it.
    private const string ConnectorTenant = "bench-turns";
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonNode>> waiters = new(StringComparer.Ordinal);
    private readonly FakeConnectorServer connector;

    public TurnReplies(FakeConnectorServer connector)
    {
        this.connector = connector;
        ServiceUrl = connector.ServiceUrlFor(ConnectorTenant);
        connector.OnReceived = Receive;
    }

    public string ServiceUrl { get; }

    /// <summary>
    /// Completes with the first message that replies to the inbound activity <paramref name="activityId"/>; keyed by
    /// the reply-to id so a late second reply of one turn can never end the next turn early.
    /// </summary>
    public Task<JsonNode> NextReply(string activityId)
    {
        var waiter = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiters[activityId] = waiter;
        return waiter.Task;
    }

    /// <summary>
    /// Tells the connector which tenant a conversation belongs to: the bot looks each new person up before enrolling
    /// them, and the shared service URL does not name the simulated user's tenant.
    /// </summary>
    public void InTenant(string conversationId, string tenantId) => connector.ConversationTenants[conversationId] = tenantId;

    /// <summary>Forgets a turn that got no reply, so the waiter does not outlive it.</summary>
    public void Forget(string activityId) => waiters.TryRemove(activityId, out _);

    private void Receive(ReceivedActivity received)
    {
        if ((string?)received.Activity["type"] != "message" || received.ReplyToId is null)
        {
            return;
        }

        if (waiters.TryRemove(received.ReplyToId, out var waiter))
        {
            waiter.TrySetResult(received.Activity);
        }
    }
}
