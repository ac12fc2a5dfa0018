using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Storage.Tenants;

/// <summary>What one sweep did: tenants found in use again (kept), tenants erased completely, tenants left for the next pass, rows removed.</summary>
public sealed record RetentionSweep(int Kept, int Erased, int Unfinished, int RowsRemoved);

/// <summary>
/// Erases the data of tenants uninstalled for longer than the retention period, under a lease so one instance sweeps at
/// a time. A tenant in use again meanwhile (a reinstall whose event was missed, a person reachable again) is kept and its
/// mark forgotten. A tenant's erase is spread over passes of at most <see cref="TenantRetentionOptions.BatchesPerPass"/>
/// transactions; the mark stays until nothing is left, so a pass that stops midway is resumed by the next.
/// </summary>
public sealed partial class TenantRetentionSweeper(
    TableUninstallStore marks,
    TableTenantDataStore data,
    ILeaseStore leases,
    IOptions<TenantRetentionOptions> options,
    TimeProvider time,
    ILogger<TenantRetentionSweeper> logger)
{
    public const string LeaseName = "tenant-retention";

    /// <summary>The deadline of the call to the lease table.</summary>
    public TimeSpan LeaseCallDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One sweep, if this instance wins the lease; null when another instance holds it.</summary>
    public async Task<RetentionSweep?> SweepOnceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        // The lease outlasts the pass: the pass stops before it runs out, so two instances never sweep at once.
        var leaseFor = o.SweepInterval;
        using (var deadline = new CancellationTokenSource(LeaseCallDeadline, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
        {
            if (!await leases.TryAcquireAsync(LeaseName, instanceId, leaseFor, linked.Token))
            {
                return null;
            }
        }

        using var passDeadline = new CancellationTokenSource(leaseFor * 0.8, time);
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(passDeadline.Token, cancellationToken);
        int kept = 0, erased = 0, unfinished = 0, rows = 0;
        foreach (var mark in await marks.ListAsync(pass.Token))
        {
            if (!TenantRetention.IsDue(mark.UninstalledAt, time.GetUtcNow(), o.RetentionPeriod))
            {
                continue;
            }

            if (await data.IsInUseAsync(mark.TenantId, pass.Token))
            {
                await marks.ForgetAsync(mark, pass.Token);
                kept++;
                continue;
            }

            var done = await data.EraseTenantAsync(mark.TenantId, o.BatchesPerPass, pass.Token);
            rows += done.Removed;
            if (done.Finished)
            {
                await marks.ForgetAsync(mark, pass.Token);
                erased++;
            }
            else
            {
                unfinished++;
            }

            LogTenantPass(logger, done.Removed, done.Finished, string.Join(", ", done.RemovedByTable.Select(t => $"{t.Key} {t.Value}")));
        }

        var result = new RetentionSweep(kept, erased, unfinished, rows);
        if (kept + erased + unfinished > 0)
        {
            LogSweep(logger, kept, erased, unfinished, rows);
        }

        return result;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Retention: erased {Rows} rows of an uninstalled tenant (finished: {Finished}; by table: {ByTable})")]
    private static partial void LogTenantPass(ILogger logger, int rows, bool finished, string byTable);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Retention sweep: {Kept} tenants in use again and kept, {Erased} erased, {Unfinished} to finish next pass, {Rows} rows removed")]
    private static partial void LogSweep(ILogger logger, int kept, int erased, int unfinished, int rows);
}
