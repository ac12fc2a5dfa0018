using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.FollowThrough.Scheduling;

/// <summary>
/// The background loops: plans under a lease (so a run happens once however many instances run), and, beside it,
/// drains the outbox on every instance (claims keep each message to one sender), so a long planning pass never holds
/// up delivery. Runs on <see cref="TimeProvider"/>.
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

    /// <summary>The deadline of each call to the lease table.</summary>
    public TimeSpan LeaseCallDeadline { get; init; } = TimeSpan.FromSeconds(10);

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

        await Task.WhenAll(PlanLoopAsync(dispatcher.InstanceId, stoppingToken), DrainLoopAsync(dispatcher, stoppingToken));
        // Stopping: the tenants this instance sent for are free at once, not when their leases run out.
        await services.GetRequiredService<TenantSendLeases>().ReleaseAllAsync(dispatcher.InstanceId);
    }

    private async Task PlanLoopAsync(string instanceId, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var nextPlan = time.GetUtcNow() + options.Value.PlanInterval;
            try
            {
                await PlanOnceAsync(instanceId, stoppingToken);
                var wait = nextPlan - time.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Follow-through planning failed; trying again shortly");
                await PauseAsync(stoppingToken);
            }
        }
    }

    private async Task DrainLoopAsync(OutboxDispatcher dispatcher, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DrainAsync(stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Follow-through delivery failed; trying again shortly");
                await PauseAsync(stoppingToken);
            }
        }
    }

    private async Task PauseAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// One planning pass, if this instance wins the lease; null when it does not, or when it lost the lease mid-pass
    /// (the pass is then stopped, and the new holder plans). Workspace stores may be absent in a bare host.
    /// </summary>
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

        var duration = options.Value.PlanInterval;
        if (!await TryLeaseAsync(instanceId, duration, cancellationToken))
        {
            return null;
        }

        // The lease is renewed while the pass runs, so a pass longer than the lease is not joined by a second instance;
        // if it is lost anyway (storage unreachable until it expired, or taken over), the pass stops.
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var passDone = new CancellationTokenSource();
        var renewing = KeepLeaseAsync(instanceId, duration, time.GetUtcNow() + duration, lost, passDone.Token);
        try
        {
            var result = await planner.PlanAsync(time.GetUtcNow(), lost.Token);
            logger.LogInformation("Follow-through plan: {Workspaces} workspaces, {Digests} digests, {Nudges} nudges, {Reviews} reviews", result.Workspaces, result.Digests, result.Nudges, result.Reviews);
            return result;
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Follow-through plan stopped: this instance no longer holds the planning lease");
            return null;
        }
        finally
        {
            await passDone.CancelAsync();
            await renewing;
        }
    }

    private async Task KeepLeaseAsync(string instanceId, TimeSpan duration, DateTimeOffset expiresAt, CancellationTokenSource lost, CancellationToken passDone)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(passDone, lost.Token);
        var every = duration / 3;
        var wait = every;
        try
        {
            while (true)
            {
                await Task.Delay(wait, time, stop.Token);
                wait = every;
                var renewedAt = time.GetUtcNow();
                bool held;
                try
                {
                    held = await TryLeaseAsync(instanceId, duration, stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // Unreachable for now: the lease is still ours until it expires; past that nobody can say it is.
                    logger.LogWarning("Renewing the planning lease failed: {Error}", e.Message);
                    if (time.GetUtcNow() >= expiresAt)
                    {
                        await lost.CancelAsync();
                        return;
                    }

                    wait = every / 10;
                    continue;
                }

                if (!held)
                {
                    await lost.CancelAsync();
                    return;
                }

                expiresAt = renewedAt + duration;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryLeaseAsync(string instanceId, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(LeaseCallDeadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        return await leases.TryAcquireAsync(PlanLease, instanceId, duration, linked.Token);
    }
}
