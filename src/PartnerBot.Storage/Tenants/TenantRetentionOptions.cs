using System.ComponentModel.DataAnnotations;

namespace PartnerBot.Storage.Tenants;

/// <summary>How long a tenant's data outlives the app's removal. Section <c>TenantRetention</c>.</summary>
public sealed class TenantRetentionOptions
{
    public const string SectionName = "TenantRetention";

    /// <summary>How long after the app was removed from its last team, group chat and personal chat a tenant's data is kept, waiting for a reinstall.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "TenantRetention:RetentionPeriod (env TenantRetention__RetentionPeriod) must be between 1 and 3650 days.")]
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often one instance looks for tenants whose retention has ended.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "TenantRetention:SweepInterval (env TenantRetention__SweepInterval) must be between 1 minute and 1 day.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Delete transactions (of up to 100 rows each) one pass may submit per tenant; the next pass goes on where it stopped.</summary>
    [Range(1, 10_000, ErrorMessage = "TenantRetention:BatchesPerPass (env TenantRetention__BatchesPerPass) must be between 1 and 10000.")]
    public int BatchesPerPass { get; set; } = 200;
}
