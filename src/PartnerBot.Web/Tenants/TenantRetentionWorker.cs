using Microsoft.Extensions.Options;
using PartnerBot.Storage.Tenants;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tenants;

/// <summary>Runs <see cref="TenantRetentionSweeper"/> every <see cref="TenantRetentionOptions.SweepInterval"/>, on <see cref="TimeProvider"/>.</summary>
public sealed partial class TenantRetentionWorker(
    TenantRetentionSweeper sweeper,
    IOptions<TenantRetentionOptions> options,
    IOptions<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<TenantRetentionWorker> logger) : BackgroundService
{
    /// <summary>Who holds the sweep lease.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Hosts that drive the schedules themselves (tests) turn every background loop off with this one switch.
        if (!delivery.Value.RunBackgroundService)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sweeper.SweepOnceAsync(InstanceId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The marks stay; the next pass tries again.
                LogSweepFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "The retention sweep failed; the next one tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
