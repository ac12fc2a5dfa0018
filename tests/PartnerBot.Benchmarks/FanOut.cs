using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;
using PartnerBot.Testing.FakeConnector;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Proactive messages to one tenant through the product's delivery path: <see cref="OutboxMessenger"/> writes each
/// under its idempotency key, an <see cref="OutboxDispatcher"/> (with <see cref="TeamsRateLimiter"/> and the product's
/// connector client) sends them, storage is the bench's Azurite behind the counting proxy, and the shared
/// <see cref="FakeConnectorServer"/> enforces Teams' limits and counts what arrives.
/// </summary>
internal static class FanOut
{
    public const string Tenant = "bench-fanout-tenant";

    public sealed record Result(
        int Messages,
        bool WhileEnqueuing,
        TimeSpan Elapsed,
        TimeSpan Enqueue,
        TimeSpan Minimum,
        TimeSpan LimiterMargin,
        int Lost,
        int Duplicated,
        int Throttled,
        DispatchResult Dispatch,
        OutboxProfile Outbox,
        double TransactionsPerMessage,
        int PeakPerSecond,
        IReadOnlyList<string> PassFailures,
        IReadOnlyList<int> PerFiveSeconds);


    public static async Task<Result> RunAsync(string storage, FakeConnectorServer connector, int messages, bool whileEnqueuing, TimeSpan? margin)
    {
        var azuritePort = new Uri(storage.Split(';').First(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..]).Port;
        await using var proxy = await CountingProxy.StartAsync(azuritePort);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteServer.ConnectionStringFor(proxy.Port),
            ["Storage:TablePrefix"] = "benchfanout" + Guid.NewGuid().ToString("N")[..6],
        }).Build();
        var collection = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Error))
            .AddSingleton(TimeProvider.System)
            .AddTableStorage(configuration)
            .AddConversationReferenceStore()
            .AddFollowThroughStorage()
            .AddBotFrameworkProtocol(configuration);
        await using var provider = collection.BuildServiceProvider();
        var tables = provider.GetRequiredService<TableProvider>();
        foreach (var registration in provider.GetServices<TableRegistration>())
        {
            await tables.GetTable(registration.Name).CreateIfNotExistsAsync();
        }

        var workspace = WorkspaceKey.DefaultFor(Tenant);
        var serviceUrl = connector.ServiceUrlFor(Tenant);
        var references = provider.GetRequiredService<IConversationReferenceStore>();
        await SeedPeopleAsync(references, serviceUrl, messages);

        var options = new DeliveryOptions();
        if (margin is { } m)
        {
            options.Limits.Margin = m;
        }

        var outbox = new ProfiledOutbox(provider.GetRequiredService<IOutboxStore>());
        var signal = new DispatchSignal();
        var messenger = new OutboxMessenger(outbox, TimeProvider.System, signal);
        var dispatcher = new OutboxDispatcher(
            outbox,
            provider.GetRequiredService<IConnectorClient>(),
            references,
            new TeamsRateLimiter(options.Limits, TimeProvider.System),
            new TenantSendLeases(provider.GetRequiredService<ILeaseStore>(), Options.Create(options), TimeProvider.System, provider.GetRequiredService<ILogger<TenantSendLeases>>()),
            Options.Create(options),
            TimeProvider.System,
            provider.GetRequiredService<ILogger<OutboxDispatcher>>())
        {
            InstanceId = "bench",
        };

        connector.EnforceLimits = true;
        connector.RecordReceived = true;
        connector.OnReceived = null;
        connector.Received.Clear();
        var throttledBefore = connector.Throttled;
        proxy.Reset();
        // The weekly digest's shape: one message per person, keyed as FollowThroughPlanner keys a digest.
        async Task EnqueueAllAsync() =>
            await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                IReadOnlyList<BotReply> card = [BotReply.Say($"Your weekly partnership digest ({i}).")];
                await messenger.SendAsync(workspace, Person(i), card, $"digest|{workspace}|{Person(i)}|2026-W48", ct);
            });

        // Either the planner's pass has written everything before the dispatcher wakes (the dispatcher's own pace), or
        // the dispatcher sends while the planner is still writing (end to end, both sharing the store).
        var enqueueClock = Stopwatch.StartNew();
        if (!whileEnqueuing)
        {
            await EnqueueAllAsync();
        }

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var loop = DispatchLoopAsync(dispatcher, signal, options.PollInterval, stop.Token);
        if (whileEnqueuing)
        {
            await EnqueueAllAsync();
        }

        var enqueued = enqueueClock.Elapsed;

        // Done when every key arrived, or when nothing has arrived for a while (so a lost message ends the run).
        var lastCount = -1;
        var quietSince = clock.Elapsed;
        while (true)
        {
            var keys = connector.Received.Select(r => r.IdempotencyKey).Distinct(StringComparer.Ordinal).Count();
            if (keys >= messages)
            {
                break;
            }

            if (keys != lastCount)
            {
                lastCount = keys;
                quietSince = clock.Elapsed;
            }
            else if (clock.Elapsed - quietSince > TimeSpan.FromSeconds(30))
            {
                break;
            }

            await Task.Delay(100);
        }

        // A claim that expired and went out twice would show up within the claim's lifetime; the run is shorter than
        // that, so a short wait for stragglers catches what this run itself could double.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        var (dispatch, failures) = await loop;
        var transactions = proxy.Requests;

        var received = connector.Received.ToList();
        var last = received.Count == 0 ? started : received.Max(r => r.At);
        var distinct = received.Select(r => r.IdempotencyKey).Distinct(StringComparer.Ordinal).Count();
        var minimum = TimeSpan.FromSeconds((double)messages / options.Limits.TenantPerSecond);
        return new Result(
            messages,
            whileEnqueuing,
            last - started,
            enqueued,
            minimum,
            options.Limits.Margin,
            messages - distinct,
            received.Count - distinct,
            connector.Throttled - throttledBefore,
            dispatch,
            outbox.Profile,
            (double)transactions / messages,
            PeakPerSecond(received.Select(r => r.At).Order().ToList()),
            failures,
            Buckets(received.Select(r => r.At - started), TimeSpan.FromSeconds(5)));
    }

    private static string Person(int i) => $"bench-person-{i}";

    // Everyone has talked to the bot before, so each send is to a known 1:1 chat, as for a real digest.
    private static async Task SeedPeopleAsync(IConversationReferenceStore references, string serviceUrl, int people)
    {
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await references.SaveAsync(new StoredConversationReference
            {
                TenantId = Tenant,
                UserId = Person(i),
                ChannelId = "msteams",
                ServiceUrl = serviceUrl,
                ConversationId = $"a:bench-fanout-{i}",
                ChannelUserId = $"29:bench-fanout-{i}",
                ConversationType = "personal",
                UpdatedAt = now,
            }, ct));
    }

    // FollowThroughWorker's delivery loop without its planning: drain, then sleep until an enqueue or the poll; a pass
    // that throws is logged and retried after the poll interval, as the worker does.
    private static async Task<(DispatchResult Total, List<string> Failures)> DispatchLoopAsync(OutboxDispatcher dispatcher, DispatchSignal signal, TimeSpan poll, CancellationToken stop)
    {
        var total = new DispatchResult(0, 0, 0, 0, 0);
        var failures = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var pass = await dispatcher.DrainAsync(stop);
                total = new DispatchResult(total.Sent + pass.Sent, total.Retried + pass.Retried, total.Unreachable + pass.Unreachable, total.Failed + pass.Failed, total.LostRace + pass.LostRace);
                await signal.WaitAsync(poll, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException)
            {
                failures.Add($"{e.GetType().Name} {(e as Azure.RequestFailedException)?.Status}".Trim());
                try
                {
                    await Task.Delay(poll, stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        return (total, failures);
    }

    private static int[] Buckets(IEnumerable<TimeSpan> offsets, TimeSpan width)
    {
        var indices = offsets.Select(o => (int)(o / width)).ToList();
        var counts = new int[indices.Count == 0 ? 0 : indices.Max() + 1];
        foreach (var i in indices)
        {
            counts[i]++;
        }

        return counts;
    }

    // The most sends the connector accepted in any one-second window: should never pass the tenant's 50.
    private static int PeakPerSecond(List<DateTimeOffset> times)
    {
        var peak = 0;
        var start = 0;
        for (var end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= TimeSpan.FromSeconds(1))
            {
                start++;
            }

            peak = Math.Max(peak, end - start + 1);
        }

        return peak;
    }
}
