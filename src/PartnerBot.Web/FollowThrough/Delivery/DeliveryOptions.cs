using PartnerBot.Protocol.Connector;

namespace PartnerBot.Web.FollowThrough.Delivery;

/// <summary>Section <c>FollowThrough</c>.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "FollowThrough";

    /// <summary>Turns the background schedules off (tests drive them directly).</summary>
    public bool RunBackgroundService { get; set; } = true;

    /// <summary>Sends in flight at once; the rate limiter, not this, keeps us under Teams' limits.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>
    /// How long a claimed message is ours; after that another instance may take it over. Unset: computed from the
    /// connector's worst case (see <see cref="EffectiveClaimDuration"/>), so a claim outlives any one send.
    /// </summary>
    public TimeSpan? ClaimDuration { get; set; }

    /// <summary>The connector's attempts per call (Bot:ConnectorMaxAttempts).</summary>
    public int ConnectorAttempts { get; set; } = 4;

    /// <summary>The connector's timeout per attempt.</summary>
    public TimeSpan ConnectorTimeout { get; set; } = ConnectorDeadlines.RequestTimeout;

    /// <summary>Failed attempts after which a message ends as Failed (a poison row) and is never claimed again.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan PlanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the idempotency record of a finished message is kept (a second enqueue of its key is a no-op until then).</summary>
    public TimeSpan KeyRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How often the dispatcher removes idempotency records past their retention.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The bot's own channel id (28:…) for creating 1:1 conversations.</summary>
    public string? BotId { get; set; }

    public RateLimitOptions Limits { get; set; } = new();

    /// <summary>
    /// The worst one send can take: every connector attempt timing out, with the longest Retry-After wait between them,
    /// plus getting the token; the claim is that plus a minute, and is renewed while a send is in flight.
    /// </summary>
    public TimeSpan WorstCaseSend =>
        (ConnectorTimeout * ConnectorAttempts) + (ConnectorDeadlines.MaxRetryDelay * (ConnectorAttempts - 1)) + ConnectorDeadlines.TokenDeadline;

    public TimeSpan EffectiveClaimDuration => ClaimDuration ?? WorstCaseSend + TimeSpan.FromMinutes(1);
}
