using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;

namespace PartnerBot.Protocol.Bots;

/// <summary>One turn: the inbound activity, and replies sent back through the connector.</summary>
public sealed class TurnContext : ITurnContext
{
    private readonly IConnectorClient connector;

    /// <summary>Creates the turn for an authenticated inbound activity.</summary>
    public TurnContext(Activity activity, IConnectorClient connector)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Activity = activity;
        this.connector = connector;
    }

    /// <inheritdoc />
    public Activity Activity { get; }

    /// <inheritdoc />
    public InvokeResponse? InvokeResponse { get; set; }

    /// <inheritdoc />
    public async Task<string?> SendActivityAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Address(activity);
        var conversationId = activity.Conversation!.Id!;
        return activity.ReplyToId is { Length: > 0 } replyToId
            ? await connector.ReplyToActivityAsync(activity.ServiceUrl!, conversationId, replyToId, activity, cancellationToken)
            : await connector.SendToConversationAsync(activity.ServiceUrl!, conversationId, activity, cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateActivityAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrEmpty(activity.Id))
        {
            throw new ArgumentException("An update names the activity it replaces in Id.", nameof(activity));
        }

        Address(activity);
        return connector.UpdateActivityAsync(activity.ServiceUrl!, activity.Conversation!.Id!, activity.Id, activity, cancellationToken);
    }

    private void Address(Activity activity)
    {
        var inbound = Activity;
        activity.Type ??= ActivityTypes.Message;
        activity.ChannelId ??= inbound.ChannelId;
        activity.ServiceUrl ??= inbound.ServiceUrl;
        activity.Conversation ??= inbound.Conversation;
        activity.From ??= inbound.Recipient;
        activity.Recipient ??= inbound.From;
        activity.ReplyToId ??= inbound.Id;
        if (string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            throw new InvalidOperationException("The inbound activity has no service URL or conversation to answer into.");
        }
    }
}
