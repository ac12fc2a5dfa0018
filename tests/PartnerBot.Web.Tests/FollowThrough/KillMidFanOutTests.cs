using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;
using PartnerBot.Testing.FakeConnector;
using PartnerBot.Testing.Processes;
using PartnerBot.Web.FollowThrough.Delivery;
using Xunit.Abstractions;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// The bot's built output as a child process, with authentication on, delivers a fan-out of 1,000 messages from its
/// outbox in Azurite to a fake connector that answers slowly; it is killed with SIGKILL part-way and started again.
/// What the connector received and what the outbox recorded must then agree: nothing lost, and a message sent twice
/// only where a send was in flight at the kill, was recorded as ambiguous, and is of a kind delivered at least once.
/// </summary>
public class KillMidFanOutTests(ITestOutputHelper output)
{
    private const int Messages = 1000;
    private const int Tenants = 10;
    private const int KillAfterArrivals = 300;

    // Long enough that a dozen sends are always waiting for their answer; short enough that the run takes seconds.
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KilledMidFanOut_RestartFinishesEveryMessage_DuplicatesOnlyWhereInFlightAndAtLeastOnce()
    {
        var storage = await AzuriteServer.GetConnectionStringAsync();
        var prefix = "kill" + Guid.NewGuid().ToString("N")[..10];
        await using var identity = await FakeIdentityServices.StartAsync();
        await using var connector = await FakeConnectorServer.StartAsync();
        await using var provider = await StorageAsync(storage, prefix);
        var tables = provider.GetRequiredService<TableProvider>();

        // Every arrival (key#part) counted, and those still waiting for their answer tracked, so the kill can be made
        // while sends of both guarantees are in flight.
        var arrivals = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var unanswered = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var arrived = 0;
        var killed = new TaskCompletionSource<(int Arrived, int Unanswered)>(TaskCreationOptions.RunContinuationsAsynchronously);
        BotChildProcess? first = null;
        connector.EnforceLimits = false;
        connector.AnswerDelay = Latency;
        connector.OnReceived = r =>
        {
            var id = r.IdempotencyKey ?? "";
            unanswered.AddOrUpdate(id, 1, (_, n) => n + 1);
            arrivals.AddOrUpdate(id, 1, (_, n) => n + 1);
            var count = Interlocked.Increment(ref arrived);
            // SIGKILL from inside the connector while this request is held: at least this send is in flight.
            if (count >= KillAfterArrivals && !killed.Task.IsCompleted && BothGuaranteesWaiting(unanswered) && first is { } bot)
            {
                bot.Kill();
                killed.TrySetResult((count, unanswered.Count(kv => kv.Value > 0)));
            }
        };
        connector.OnAnswered = r => unanswered.AddOrUpdate(r.IdempotencyKey ?? "", 0, (_, n) => n - 1);

        var environment = identity.BotEnvironment(storage, prefix);
        // A short claim, so the restarted instance takes over what the killed one held within seconds; the outbox is
        // polled twice a second; the per-tenant send lease is kept short where that setting exists.
        environment["FollowThrough__ClaimDuration"] = "00:00:05";
        environment["FollowThrough__PollInterval"] = "00:00:00.5";
        environment["FollowThrough__Limits__TenantLeaseDuration"] = "00:00:03";

        // All written before the bot starts, so the kill falls in the middle of the fan-out, not of the writing.
        var clock = Stopwatch.StartNew();
        var keys = await SeedAsync(provider, connector);
        var seeded = clock.Elapsed;
        await using (first = await BotChildProcess.StartAsync(environment, Bound))
        {
            var completed = await Task.WhenAny(killed.Task, Task.Delay(Bound));
            Assert.True(completed == killed.Task, $"Only {arrived} of {Messages} arrived within {Bound.TotalSeconds:F0} s and no kill happened.\n{Tail(first.Log)}");
            await first.KillAsync();
        }

        var (arrivedAtKill, unansweredAtKill) = await killed.Task;
        var distinctAtKill = arrivals.Count;
        var killedAt = clock.Elapsed;

        // What the killed instance left in flight: claimed rows with a part marked as having left.
        var inFlight = await InFlightAsync(tables);

        await using var second = await BotChildProcess.StartAsync(environment, Bound);
        var (records, due) = await WaitUntilSettledAsync(tables, keys.Keys);
        var finished = clock.Elapsed;

        var duplicated = arrivals.Where(kv => kv.Value > 1).ToList();
        var duplicates = duplicated.Sum(kv => kv.Value - 1);
        var duplicatedKeys = duplicated.Select(kv => MessageKey(kv.Key)).ToHashSet(StringComparer.Ordinal);
        var unconfirmed = records.Values.Where(r => r.Status == OutboxStatus.Unconfirmed).ToList();
        var ambiguous = records.Values.Where(r => r.MaybeDelivered).ToList();
        bool Arrived(KeyValuePair<string, int> k) => Enumerable.Range(0, k.Value).All(p => arrivals.ContainsKey(ArrivalId(k.Key, p)));
        var open = keys.Where(k => !records.TryGetValue(k.Key, out var r) || !IsFinal(r.Status)).ToList();
        // Delivered in full and out of the due range, yet its record never got the outcome: the finish was cut between
        // removing the row from the due range and writing the idempotency record, and nothing will ever finish it.
        var finishCut = open.Where(k => !due.ContainsKey(k.Key) && Arrived(k)).Select(k => k.Key).ToList();
        var unfinished = open.Where(k => due.ContainsKey(k.Key)).Select(k => $"{k.Key}: {due[k.Key]}").ToList();
        var lost = keys.Where(k => records.TryGetValue(k.Key, out var r) ? !(r.Status == OutboxStatus.Unconfirmed || (r.Status == OutboxStatus.Sent && Arrived(k))) : true)
            .Where(k => !finishCut.Contains(k.Key) && !due.ContainsKey(k.Key))
            .Select(k => k.Key)
            .ToList();

        output.WriteLine($"{Messages} messages, {Tenants} tenants, answers after {Latency.TotalMilliseconds:F0} ms; seeded after {seeded.TotalSeconds:F1} s, killed after {killedAt.TotalSeconds:F1} s, settled after {finished.TotalSeconds:F1} s");
        output.WriteLine($"sent before kill: {distinctAtKill} activities arrived ({arrivedAtKill} arrivals counted at the kill)");
        output.WriteLine($"in flight at kill: {inFlight.Count} messages with a part marked in flight ({unansweredAtKill} requests unanswered at the connector): {inFlight.Count(k => DeliveryGuarantees.For(k) == DeliveryGuarantee.AtMostOnce)} at most once, {inFlight.Count(k => DeliveryGuarantees.For(k) == DeliveryGuarantee.AtLeastOnce)} at least once");
        output.WriteLine($"ambiguous recorded (MaybeDelivered): {ambiguous.Count}");
        output.WriteLine($"duplicates: {duplicates} ({string.Join(", ", duplicated.Select(kv => kv.Key))})");
        output.WriteLine($"unconfirmed: {unconfirmed.Count}; sent: {records.Values.Count(r => r.Status == OutboxStatus.Sent)}; lost: {lost.Count}; delivered but never recorded final: {finishCut.Count}; still in the due range: {unfinished.Count}");
        foreach (var key in finishCut.Concat(lost).Take(20))
        {
            output.WriteLine($"  {key}: record {(records.TryGetValue(key, out var r) ? r.Status.ToString() : "none")}, arrivals {string.Join(", ", arrivals.Where(kv => MessageKey(kv.Key) == key).Select(kv => $"{kv.Key} ×{kv.Value}"))}");
        }

        // Every message settled: none still waiting in the due range when the bound ran out.
        Assert.True(unfinished.Count == 0, $"{unfinished.Count} messages still in the due range {Bound.TotalSeconds:F0} s after the restart, e.g. {string.Join("; ", unfinished.Take(5))}\n{Tail(second.Log)}");
        Assert.True(finishCut.Count == 0, $"{finishCut.Count} messages arrived in full but their outcome was never recorded: the row left the due range and the idempotency record still says Pending (the finish was cut between the two writes), e.g. {string.Join("; ", finishCut.Take(5))}");

        // The kill was mid-way, with sends of both guarantees in flight.
        Assert.InRange(distinctAtKill, KillAfterArrivals, keys.Values.Sum() - 1);
        Assert.Contains(inFlight, k => DeliveryGuarantees.For(k) == DeliveryGuarantee.AtMostOnce);
        Assert.Contains(inFlight, k => DeliveryGuarantees.For(k) == DeliveryGuarantee.AtLeastOnce);

        // Nothing lost: every message delivered in full, or recorded as perhaps delivered and not repeated.
        Assert.Empty(lost);
        Assert.All(keys.Keys, k => Assert.True(records[k].Status is OutboxStatus.Sent or OutboxStatus.Unconfirmed, $"{k} ended {records[k].Status}"));

        // Every send that was in flight is recorded as ambiguous, and ended by its kind.
        Assert.All(inFlight, k =>
        {
            Assert.True(records[k].MaybeDelivered, $"{k} was in flight at the kill but is not recorded as ambiguous");
            Assert.Equal(DeliveryGuarantees.For(k) == DeliveryGuarantee.AtMostOnce ? OutboxStatus.Unconfirmed : OutboxStatus.Sent, records[k].Status);
        });
        Assert.All(ambiguous, r => Assert.Contains(r.Key, inFlight));
        Assert.All(unconfirmed, r => Assert.Contains(r.Key, inFlight));

        // Duplicates only where a send was in flight, recorded as ambiguous, and delivered at least once.
        Assert.InRange(duplicates, 0, inFlight.Count);
        Assert.All(duplicatedKeys, k =>
        {
            Assert.Contains(k, inFlight);
            Assert.True(records[k].MaybeDelivered, $"{k} arrived twice but is not recorded as ambiguous");
            Assert.Equal(DeliveryGuarantee.AtLeastOnce, DeliveryGuarantees.For(k));
        });
        Assert.All(duplicated, kv => Assert.Equal(2, kv.Value));
    }

    private static bool BothGuaranteesWaiting(ConcurrentDictionary<string, int> unanswered)
    {
        var waiting = unanswered.Where(kv => kv.Value > 0).Select(kv => DeliveryGuarantees.For(MessageKey(kv.Key))).ToHashSet();
        return waiting.Contains(DeliveryGuarantee.AtMostOnce) && waiting.Contains(DeliveryGuarantee.AtLeastOnce);
    }

    // The fake connector names part 0 by the key alone and later parts "key#part".
    private static string ArrivalId(string key, int part) => part == 0 ? key : $"{key}#{part}";

    private static string MessageKey(string arrivalId) => arrivalId.Split('#')[0];

    private static async Task<ServiceProvider> StorageAsync(string storage, string prefix)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = prefix,
        }).Build();
        var provider = new ServiceCollection()
            .AddLogging()
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

        await tables.GetTable(TableServiceUrlStore.TableName).CreateIfNotExistsAsync();
        return provider;
    }

    /// <summary>
    /// A message for each of 1,000 people over ten tenants whose service URLs a channel token vouched for: digests and
    /// nudges of one part (at most once), next-step prompts of two parts (at least once). Returns each key with its
    /// number of parts.
    /// </summary>
    private static async Task<Dictionary<string, int>> SeedAsync(ServiceProvider provider, FakeConnectorServer connector)
    {
        var tables = provider.GetRequiredService<TableProvider>();
        var references = provider.GetRequiredService<IConversationReferenceStore>();
        var messenger = new OutboxMessenger(provider.GetRequiredService<IOutboxStore>(), TimeProvider.System, new DispatchSignal());
        var now = DateTimeOffset.UtcNow;
        var urls = new TableServiceUrlStore(tables);
        for (var t = 0; t < Tenants; t++)
        {
            await urls.AddAsync(connector.ServiceUrlFor(Tenant(t)), now, default);
        }

        var keys = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using var deadline = new CancellationTokenSource(Bound);
        await Parallel.ForEachAsync(Enumerable.Range(0, Messages), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = deadline.Token }, async (i, ct) =>
        {
            var tenant = Tenant(i % Tenants);
            var workspace = WorkspaceKey.DefaultFor(tenant);
            var user = $"kill-person-{i}";
            var (key, replies) = (i % 3) switch
            {
                0 => ($"digest|{workspace}|{user}|2026-W48", new[] { BotReply.Say($"Your weekly partnership digest ({i}).") }),
                1 => ($"nudge|{workspace}|{user}|quiet-partner-{i}|1", new[] { BotReply.Say($"No contact with partner {i} for 30 days.") }),
                _ => ($"prompt|{workspace}|{user}|step-{i}", new[] { BotReply.Say($"Next step for partner {i} is due."), BotReply.Say("Reply done when it is.") }),
            };
            if (i % 3 == 0)
            {
                // Digests go to the person's 1:1 chat, found through the conversation reference their first message left.
                await references.SaveAsync(new StoredConversationReference
                {
                    TenantId = tenant,
                    UserId = user,
                    ChannelId = "msteams",
                    ServiceUrl = connector.ServiceUrlFor(tenant),
                    ConversationId = $"a:kill-{i}",
                    ChannelUserId = $"29:kill-{i}",
                    ConversationType = "personal",
                    UpdatedAt = now,
                }, ct);
                await messenger.SendAsync(workspace, user, replies, key, ct);
            }
            else
            {
                // The rest name their conversation, as a channel post does, which spares the test most of the reference writes.
                await messenger.PostToChannelAsync(workspace, connector.ServiceUrlFor(tenant), $"a:kill-{i}", replies, key, ct);
            }

            keys[key] = replies.Length;
        });
        return new Dictionary<string, int>(keys, StringComparer.Ordinal);
    }

    private static string Tenant(int t) => $"kill-tenant-{t}";

    private static async Task<HashSet<string>> InFlightAsync(TableProvider tables)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var deadline = new CancellationTokenSource(Bound);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"due"} and Status eq {nameof(OutboxStatus.Sending)}");
        await foreach (var row in tables.GetTable(TableOutboxStore.TableName).QueryAsync<TableEntity>(filter, cancellationToken: deadline.Token))
        {
            if (row.GetInt32("InFlightPart") is not null)
            {
                keys.Add(row.GetString("Key"));
            }
        }

        return keys;
    }

    /// <summary>What a key's idempotency record says: its status and whether a send of it may have arrived unheard.</summary>
    private sealed record Outcome(string Key, OutboxStatus Status, bool MaybeDelivered);

    private static bool IsFinal(OutboxStatus status) => status is not (OutboxStatus.Pending or OutboxStatus.Sending);

    /// <summary>
    /// Waits, at most <see cref="Bound"/>, until every key's idempotency record holds a final status, or until nothing is
    /// left in the due range and the records still open stayed the same for a second (nothing will finish them then).
    /// Returns the records and what is left in the due range (key → status).
    /// </summary>
    private static async Task<(Dictionary<string, Outcome> Records, Dictionary<string, string> Due)> WaitUntilSettledAsync(TableProvider tables, IReadOnlyCollection<string> keys)
    {
        var clock = Stopwatch.StartNew();
        HashSet<string>? openBefore = null;
        var openSince = TimeSpan.Zero;
        while (true)
        {
            // The table prefix is this test's own, so the whole table is this fan-out.
            using var deadline = new CancellationTokenSource(Bound);
            var due = new Dictionary<string, string>(StringComparer.Ordinal);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"due"}");
            await foreach (var row in tables.GetTable(TableOutboxStore.TableName).QueryAsync<TableEntity>(filter, select: ["Key", "Status", "Attempts", "PartsSent", "InFlightPart"], cancellationToken: deadline.Token))
            {
                due[row.GetString("Key")] = $"{row.GetString("Status")}, attempt {row.GetInt32("Attempts")}, {row.GetInt32("PartsSent")} parts sent, part in flight {row.GetInt32("InFlightPart")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
            }

            var records = new Dictionary<string, Outcome>(StringComparer.Ordinal);
            await foreach (var row in tables.GetTable(TableOutboxStore.KeysTableName).QueryAsync<TableEntity>(select: ["Key", "Status", "MaybeDelivered"], cancellationToken: deadline.Token))
            {
                var outcome = new Outcome(row.GetString("Key"), Enum.Parse<OutboxStatus>(row.GetString("Status")), row.GetBoolean("MaybeDelivered") ?? false);
                records[outcome.Key] = outcome;
            }

            var open = keys.Where(k => !records.TryGetValue(k, out var r) || !IsFinal(r.Status)).ToHashSet(StringComparer.Ordinal);
            if (open.Count == 0 || clock.Elapsed > Bound)
            {
                return (records, due);
            }

            if (due.Count > 0 || openBefore is null || !open.SetEquals(openBefore))
            {
                openBefore = open;
                openSince = clock.Elapsed;
            }
            else if (clock.Elapsed - openSince >= TimeSpan.FromSeconds(1))
            {
                return (records, due);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;
}
