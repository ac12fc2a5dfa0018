using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.Bots;

/// <summary>One inbound activity and the means to answer it.</summary>
public interface ITurnContext
{
    /// <summary>The inbound activity, already authenticated.</summary>
    Activity Activity { get; }

    /// <summary>
    /// Sends a reply into the activity's conversation. Missing addressing fields
    /// (conversation, from, recipient, replyToId, serviceUrl, channelId) are filled from the inbound activity.
    /// </summary>
    /// <returns>The id the channel gave the sent activity, when it gave one.</returns>
    Task<string?> SendActivityAsync(Activity activity, CancellationToken cancellationToken);

    /// <summary>Replaces an activity sent earlier (its <see cref="Activity.Id"/> names it).</summary>
    Task UpdateActivityAsync(Activity activity, CancellationToken cancellationToken);

    /// <summary>For invoke activities: the HTTP status and body the channel receives.</summary>
    InvokeResponse? InvokeResponse { get; set; }
}
