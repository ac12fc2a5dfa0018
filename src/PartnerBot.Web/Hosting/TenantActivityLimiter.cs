using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Web.Hosting;

/// <summary>
/// <see cref="EdgeRateLimitOptions.MessagesPerTenant"/>: asked by the messaging endpoint after the token is validated,
/// so the tenant it counts against is the one the channel vouched for, never one a forged body names.
/// </summary>
internal sealed class TenantActivityLimiter : IInboundActivityLimiter, IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly TimeSpan window;

    public TenantActivityLimiter(IOptions<EdgeRateLimitOptions> options)
    {
        var limits = options.Value;
        window = limits.Window;
        limiter = PartitionedRateLimiter.Create<string, string>(tenant => RateLimitPartition.GetFixedWindowLimiter(tenant, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.MessagesPerTenant,
            Window = limits.Window,
            QueueLimit = 0,
        }));
    }

    public TimeSpan? TryAcquire(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        // Tenant ids are GUIDs; one tenant spelt in two cases is still one tenant.
        using var lease = limiter.AttemptAcquire(activity.GetTenantId()?.ToUpperInvariant() ?? "");
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : window;
    }

    public void Dispose() => limiter.Dispose();
}
