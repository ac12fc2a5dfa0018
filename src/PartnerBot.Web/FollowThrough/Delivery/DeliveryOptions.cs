namespace PartnerBot.Web.FollowThrough.Delivery;

/// <summary>Section <c>FollowThrough</c>.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "FollowThrough";

    /// <summary>Turns the background schedules off (tests drive them directly).</summary>
    public bool RunBackgroundService { get; set; } = true;

    /// <summary>Sends in flight at once; the rate limiter, not this, keeps us under Teams' limits.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>How long a claimed message is ours; after that another instance may take it over.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxAttempts { get; set; } = 8;

    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan PlanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The bot's own channel id (28:…) for creating 1:1 conversations.</summary>
    public string? BotId { get; set; }

    public RateLimitOptions Limits { get; set; } = new();
}
