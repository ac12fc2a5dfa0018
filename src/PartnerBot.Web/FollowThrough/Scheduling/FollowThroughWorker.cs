using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.FollowThrough.Scheduling;

/// <summary>
/// The background loop: plans under a lease (so a run happens once however many instances run), and drains the outbox
/// on every instance (claims keep each message to one sender). Runs on <see cref="TimeProvider"/>.
/// </summary>
public sealed class FollowThroughWorker(
    IServiceProvider services,
    ILeaseStore leases,
    DispatchSignal signal,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<FollowThroughWorker> logger) : BackgroundService
{
    public const string PlanLease = "followthrough-plan";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunBackgroundService)
        {
            return;
        }

        OutboxDispatcher dispatcher;
        try
        {
            dispatcher = services.GetRequiredService<OutboxDispatcher>();
        }
        catch (InvalidOperationException e)
        {
            // A host without a connector client or conversation references (e.g. a bare test host) cannot deliver.
            logger.LogWarning("Follow-through delivery is off: {Reason}", e.Message);
            return;
        }

        var nextPlan = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (time.GetUtcNow() >= nextPlan)
                {
                    nextPlan = time.GetUtcNow() + options.Value.PlanInterval;
                    await PlanOnceAsync(dispatcher.InstanceId, stoppingToken);
                }

                await dispatcher.DrainAsync(stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Follow-through loop failed; trying again shortly");
                await Task.Delay(options.Value.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>One planning pass, if this instance wins the lease. Workspace stores may be absent in a bare host.</summary>
    public async Task<PlanResult?> PlanOnceAsync(string instanceId, CancellationToken cancellationToken)
    {
        FollowThroughPlanner planner;
        try
        {
            planner = services.GetRequiredService<FollowThroughPlanner>();
        }
        catch (InvalidOperationException e)
        {
            logger.LogWarning("Follow-through planning is off: {Reason}", e.Message);
            return null;
        }

        if (!await leases.TryAcquireAsync(PlanLease, instanceId, options.Value.PlanInterval, cancellationToken))
        {
            return null;
        }

        var result = await planner.PlanAsync(time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Follow-through plan: {Workspaces} workspaces, {Digests} digests, {Nudges} nudges, {Reviews} reviews", result.Workspaces, result.Digests, result.Nudges, result.Reviews);
        return result;
    }
}
