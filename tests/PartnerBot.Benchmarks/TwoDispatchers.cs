using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;
using PartnerBot.Testing.FakeConnector;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Two bot processes on one storage account (the same Azurite, the same table prefix) are offered one tenant's fan-out
/// together, each with its own <c>FollowThroughWorker</c>, <c>OutboxDispatcher</c> and <c>TeamsRateLimiter</c>; the
/// tenant's send lease gives its sends to one of them at a time. The fake connector admits everything and records each
/// arrival, so a second with more than the tenant's 50 shows up as it is rather than as a 429.
/// </summary>
internal static class TwoDispatchers
{
    public const string Tenant = "bench-two-tenant";
    private const string SectionTitle = "## Two dispatchers in two processes";

    public sealed record Result(
        int Messages,
        int Processes,
        TimeSpan Elapsed,
        TimeSpan FirstToLast,
        TimeSpan Enqueue,
        TimeSpan Minimum,
        int Lost,
        int Duplicated,
        int PeakPerSecond,
        IReadOnlyList<int> PerProcess,
        IReadOnlyList<int> PerFiveSeconds);

    public static async Task<Result> RunAsync(string storage, FakeConnectorServer connector, Func<string, Dictionary<string, string>> botEnvironment, int messages, int processes = 2)
    {
        var prefix = "benchtwo" + Guid.NewGuid().ToString("N")[..6];
        var bots = new List<BotProcess>();
        try
        {
            for (var i = 0; i < processes; i++)
            {
                var environment = botEnvironment(prefix);
                // Delivery looks for new messages twice a second (the product's 5 s would only add start-up delay here);
                // planning finds no workspaces.
                environment["FollowThrough__PollInterval"] = "00:00:00.5";
                bots.Add(await BotProcess.StartAsync(environment));
            }

            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = storage,
                ["Storage:TablePrefix"] = prefix,
            }).Build();
            await using var provider = new ServiceCollection()
                .AddLogging(l => l.SetMinimumLevel(LogLevel.Error))
                .AddSingleton(TimeProvider.System)
                .AddTableStorage(configuration)
                .AddConversationReferenceStore()
                .AddFollowThroughStorage()
                .BuildServiceProvider();
            var tables = provider.GetRequiredService<TableProvider>();
            foreach (var registration in provider.GetServices<TableRegistration>())
            {
                await tables.GetTable(registration.Name).CreateIfNotExistsAsync();
            }

            var references = provider.GetRequiredService<IConversationReferenceStore>();
            var serviceUrl = connector.ServiceUrlFor(Tenant);
            var now = DateTimeOffset.UtcNow;
            // The people talked to the bot before, so a validated channel token vouched for their service URL.
            await tables.GetTable(TableServiceUrlStore.TableName).CreateIfNotExistsAsync();
            await new TableServiceUrlStore(tables).AddAsync(serviceUrl, now, default);
            await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
                await references.SaveAsync(new StoredConversationReference
                {
                    TenantId = Tenant,
                    UserId = Person(i),
                    ChannelId = "msteams",
                    ServiceUrl = serviceUrl,
                    ConversationId = $"a:bench-two-{i}",
                    ChannelUserId = $"29:bench-two-{i}",
                    ConversationType = "personal",
                    UpdatedAt = now,
                }, ct));

            connector.EnforceLimits = false;
            connector.RecordReceived = true;
            connector.OnReceived = null;
            connector.Received.Clear();
            var messenger = new OutboxMessenger(provider.GetRequiredService<IOutboxStore>(), TimeProvider.System, new DispatchSignal());
            var workspace = WorkspaceKey.DefaultFor(Tenant);

            // The bots are running: they start sending while the planner's writes are still landing, as in production.
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            using var stopSampling = new CancellationTokenSource();
            var sampling = SampleClaimsAsync(tables, stopSampling.Token);
            await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            {
                IReadOnlyList<BotReply> card = [BotReply.Say($"Your weekly partnership digest ({i}).")];
                await messenger.SendAsync(workspace, Person(i), card, $"digest|{workspace}|{Person(i)}|2026-W48", ct);
            });
            var enqueued = clock.Elapsed;

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

            // Stragglers a double send would add arrive within a few seconds of the rest.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var received = connector.Received.ToList();
            var times = received.Select(r => r.At).Order().ToList();
            var distinct = received.Select(r => r.IdempotencyKey).Distinct(StringComparer.Ordinal).Count();
            await stopSampling.CancelAsync();
            var claims = await sampling;
            if (distinct < messages)
            {
                // Say why, from the outbox itself, rather than only how many.
                var states = new Dictionary<string, int>(StringComparer.Ordinal);
                await foreach (var row in tables.GetTable(TableOutboxStore.TableName).QueryAsync<Azure.Data.Tables.TableEntity>(select: ["Status", "LastError"]))
                {
                    var state = $"{row.GetString("Status")}: {row.GetString("LastError")}";
                    states[state] = states.GetValueOrDefault(state) + 1;
                }

                foreach (var (state, count) in states.OrderByDescending(kv => kv.Value).Take(5))
                {
                    Console.WriteLine($"  {count} × {state}");
                }
            }

            return new Result(
                messages,
                processes,
                (times.Count == 0 ? started : times[^1]) - started,
                times.Count == 0 ? TimeSpan.Zero : times[^1] - times[0],
                enqueued,
                TimeSpan.FromSeconds(messages / 50.0),
                messages - distinct,
                received.Count - distinct,
                PeakPerSecond(times),
                claims,
                Buckets(times.Select(t => t - started), TimeSpan.FromSeconds(5)));
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        }
    }

    public static string Describe(Result r) =>
        $"{r.Processes} processes, {r.Messages} messages: {r.Elapsed.TotalSeconds:F1} s from the first write ({r.Elapsed / r.Minimum:F2} × the {r.Minimum.TotalSeconds:F0} s minimum), "
        + $"{r.FirstToLast.TotalSeconds:F1} s first to last arrival; lost {r.Lost}, duplicated {r.Duplicated}, peak in any 1 s {r.PeakPerSecond}; "
        + $"claims seen in flight per process {string.Join(" / ", r.PerProcess)}";

    /// <summary>Replaces (or adds) this part's section in docs/benchmarks.md, leaving the rest as the last full run wrote it.</summary>
    public static async Task WriteSectionAsync(Result r)
    {
        var path = RepoPaths.Combine("docs", "benchmarks.md");
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        var section = new StringBuilder()
            .AppendLine(SectionTitle)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Written by `./bench.sh --two-dispatchers-only` (or the full run) on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores. ")
            .AppendLine(CultureInfo.InvariantCulture, $"{r.Processes} bot processes (Release, authentication on) on the same Azurite and table prefix, each running its own `FollowThroughWorker` whose `OutboxDispatcher` paces sends with its own `TeamsRateLimiter`, sending a tenant's messages only while it holds the tenant's send lease (`TenantSendLeases`); the benchmark writes {r.Messages:N0} weekly-digest messages for one tenant through `OutboxMessenger` (16 writers) while both are running. ")
            .AppendLine("The fake connector admits every request (no 429s) and records its arrival time, so the peak below is what Teams would have seen. Time runs from the first write to the last arrival.")
            .AppendLine()
            .AppendLine("| Processes | Messages | Time s | Minimum s | Time ÷ minimum | First to last arrival s | Enqueue s | Lost | Duplicated | Peak in any 1 s | Claims seen in flight, per process |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| {r.Processes} | {r.Messages} | {r.Elapsed.TotalSeconds:F1} | {r.Minimum.TotalSeconds:F0} | {r.Elapsed / r.Minimum:F2} | {r.FirstToLast.TotalSeconds:F1} | {r.Enqueue.TotalSeconds:F1} | {r.Lost} | {r.Duplicated} | {r.PeakPerSecond} | {string.Join(" / ", r.PerProcess)} |")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Arrivals per 5 s: {string.Join(' ', r.PerFiveSeconds)}.")
            .ToString();
        var start = text.IndexOf(SectionTitle, StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = text.IndexOf("\n## ", start + SectionTitle.Length, StringComparison.Ordinal);
            text = text[..start] + section + (end >= 0 ? text[end..] : "");
        }
        else
        {
            text = text.TrimEnd() + "\n\n" + section;
        }

        await File.WriteAllTextAsync(path, text);
    }

    private static string Person(int i) => $"bench-two-person-{i}";

    // A sent message keeps no sender, so who sent what is sampled while it happens: every 2 s the messages being sent
    // right then, by the instance that claimed them. With one tenant, one process should hold them all.
    private static async Task<IReadOnlyList<int>> SampleClaimsAsync(TableProvider tables, CancellationToken stop)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var table = tables.GetTable(TableOutboxStore.TableName);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>("Status eq 'Sending'", select: ["RowKey", "ClaimedBy"], cancellationToken: stop))
                {
                    seen.TryAdd(row.RowKey, row.GetString("ClaimedBy") ?? "?");
                }

                await Task.Delay(TimeSpan.FromSeconds(2), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return seen.Values.GroupBy(v => v, StringComparer.Ordinal).Select(g => g.Count()).Order().ToList();
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
