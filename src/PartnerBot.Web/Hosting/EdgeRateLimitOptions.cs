using System.ComponentModel.DataAnnotations;

namespace PartnerBot.Web.Hosting;

/// <summary>
/// How many requests the edge lets through per window. Section <c>Edge:RateLimits</c>. The defaults are generous:
/// Teams already limits what a tenant can send, so these only cut floods and runaway clients.
/// </summary>
public sealed class EdgeRateLimitOptions
{
    public const string SectionName = "Edge:RateLimits";

    /// <summary>The length of one window, in seconds; every limit below counts requests in one window.</summary>
    [Range(1, 3_600, ErrorMessage = "Edge:RateLimits:WindowSeconds (env Edge__RateLimits__WindowSeconds) must be between 1 and 3600.")]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>
    /// Requests to <c>/api/messages</c> from everyone together, counted before the token is checked, so a flood of
    /// forged requests costs no token validation.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Edge:RateLimits:Messages (env Edge__RateLimits__Messages) must be between 1 and 1000000.")]
    public int Messages { get; set; } = 3_000;

    /// <summary>
    /// Requests to <c>/api/messages</c> from one client address (an IPv6 client by its /64), before the token is checked.
    /// All tenants' genuine traffic comes from a few Bot Framework addresses, so this stays close to <see cref="Messages"/>.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Edge:RateLimits:MessagesPerClient (env Edge__RateLimits__MessagesPerClient) must be between 1 and 1000000.")]
    public int MessagesPerClient { get; set; } = 1_500;

    /// <summary>Activities of one tenant, counted once the token is validated (the tenant is then vouched for).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Edge:RateLimits:MessagesPerTenant (env Edge__RateLimits__MessagesPerTenant) must be between 1 and 1000000.")]
    public int MessagesPerTenant { get; set; } = 300;

    /// <summary>Downloads through one valid export link (a manager clicks once; a browser may ask twice).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Edge:RateLimits:ExportsPerLink (env Edge__RateLimits__ExportsPerLink) must be between 1 and 1000000.")]
    public int ExportsPerLink { get; set; } = 10;

    /// <summary>Requests to the export page from one client address, whatever link they carry.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Edge:RateLimits:ExportsPerClient (env Edge__RateLimits__ExportsPerClient) must be between 1 and 1000000.")]
    public int ExportsPerClient { get; set; } = 30;

    /// <summary>
    /// Requests through one valid partner-page link (a partner opens the page, answers, perhaps comes back to change it).
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Edge:RateLimits:PartnerPagePerLink (env Edge__RateLimits__PartnerPagePerLink) must be between 1 and 1000000.")]
    public int PartnerPagePerLink { get; set; } = 20;

    /// <summary>Requests to the partner page from one client address, whatever link they carry (an office may share one address).</summary>
    [Range(1, 1_000_000, ErrorMessage = "Edge:RateLimits:PartnerPagePerClient (env Edge__RateLimits__PartnerPagePerClient) must be between 1 and 1000000.")]
    public int PartnerPagePerClient { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
