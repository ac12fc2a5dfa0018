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

    /// <summary>
    /// Failed attempts after which a message ends as Failed (a poison row) and is never claimed again. With
    /// <see cref="RetryBase"/> and <see cref="MaxRetryDelay"/> this decides how long an outage a message rides out:
    /// 10 attempts of 10 s doubling, capped at 5 min, span at least 12.6 min (<see cref="ShortestRetrySpan"/>).
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after the first failed attempt; it doubles with each attempt up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest any one wait between attempts may be, so a message is tried again soon after an outage ends.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

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

    /// <summary>
    /// The wait after failed attempt number <paramref name="attempts"/> (1 for the first): <see cref="RetryBase"/>
    /// doubled per attempt and capped at <see cref="MaxRetryDelay"/>, then scaled into its upper half by
    /// <paramref name="jitter"/> (0 ≤ jitter &lt; 1), so retries from many messages do not arrive together.
    /// </summary>
    public TimeSpan RetryDelay(int attempts, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(jitter);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitter, 1);
        // Doubling stops at the cap: past 2^20 the product would only overflow on its way there.
        var doubled = RetryBase * Math.Pow(2, Math.Min(attempts - 1, 20));
        var ceiling = doubled < MaxRetryDelay ? doubled : MaxRetryDelay;
        return ceiling * (0.5 + (jitter / 2));
    }

    /// <summary>
    /// The shortest time from a message's first failed attempt to its last (every wait at the jitter's lower bound):
    /// an outage shorter than this ends before the message's attempts do.
    /// </summary>
    public TimeSpan ShortestRetrySpan =>
        Enumerable.Range(1, Math.Max(0, MaxAttempts - 1)).Aggregate(TimeSpan.Zero, (sum, attempt) => sum + RetryDelay(attempt, 0));
}
