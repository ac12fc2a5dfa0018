using PartnerBot.Protocol.Activities;

namespace PartnerBot.Protocol.Hosting;

/// <summary>
/// A limit on activities the messaging endpoint has accepted: asked once the token is validated (so what the activity
/// says, e.g. its tenant, is vouched for by the channel) and before the bot sees it. Optional: without one registered,
/// every accepted activity is processed.
/// </summary>
public interface IInboundActivityLimiter
{
    /// <summary>Null when the activity may be processed now; else how long its sender should wait before sending again.</summary>
    TimeSpan? TryAcquire(Activity activity);
}
