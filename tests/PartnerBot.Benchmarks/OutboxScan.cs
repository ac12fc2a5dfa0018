using System.Diagnostics;
using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Whether the dispatcher's pass stays cheap as sent messages pile up: the rows one pass reads (the due scan and the
/// housekeeping range) with none sent, then with 20,000 and with 200,000 sent, the same 50 messages due each time. Rows
/// read is the measure, not time: Azurite evaluates a query against every row of a table, Table Storage reads only the
/// key range.
/// </summary>
internal static class OutboxScan
{
    public const string SectionHeading = "## Outbox scan";

    // Sent messages are spread over this many tenants, so their idempotency records fill as many partitions and the
    // seeding transactions (one partition each) can run side by side.
    private const int SeedTenants = 16;
    private const int SeedParallelism = 4;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    internal sealed record Level(int Sent, long RowsRead, TimeSpan Pass);

    internal sealed record Result(int Due, IReadOnlyList<Level> Levels, TimeSpan Seeding, int SeedBatches, int SeededSent);

    /// <summary>Measures a pass with nothing sent, then after seeding up to each of <paramref name="sentLevels"/> (ascending).</summary>
    public static async Task<Result> RunAsync(string storage, IReadOnlyList<int> sentLevels, int due)
    {
        var prefix = "benchscan" + Guid.NewGuid().ToString("N")[..6];
        var tables = new TableProvider(new TableServiceClient(storage), Options.Create(new TableStorageOptions { ConnectionString = storage, TablePrefix = prefix }));
        foreach (var name in new[] { TableOutboxStore.TableName, TableOutboxStore.KeysTableName })
        {
            using var deadline = new CancellationTokenSource(CallDeadline);
            await tables.GetTable(name).CreateIfNotExistsAsync(deadline.Token);
        }

        var store = new TableOutboxStore(tables);
        var now = DateTimeOffset.UtcNow;
        var workspace = WorkspaceKey.DefaultFor(Program.TenantId);
        for (var i = 0; i < due; i++)
        {
            using var deadline = new CancellationTokenSource(CallDeadline);
            await store.EnqueueAsync(Message(workspace, $"nudge|{workspace}|due-{i}|1", now.AddMinutes(-1)), deadline.Token);
        }

        var empty = await PassAsync(store, now);
        var levels = new List<Level> { new(0, empty.Rows, empty.Time) };

        // Some sent through the product's own path, so the seeded shape is the real one; as many enqueued again, so the
        // same number is due at every level.
        var real = await store.ListDueAsync(now, 1000, default);
        foreach (var row in real.Take(due / 2))
        {
            using var deadline = new CancellationTokenSource(CallDeadline);
            await store.TryUpdateAsync(row, row.Value with { Status = OutboxStatus.Sent, SentAt = now, FinishedAt = now, KeyExpiresAt = now.AddDays(14) }, deadline.Token);
        }

        for (var i = 0; i < due / 2; i++)
        {
            using var deadline = new CancellationTokenSource(CallDeadline);
            await store.EnqueueAsync(Message(workspace, $"nudge|{workspace}|due-again-{i}|1", now.AddMinutes(-1)), deadline.Token);
        }

        var seeding = TimeSpan.Zero;
        var batches = 0;
        var seeded = 0;
        foreach (var level in sentLevels)
        {
            var target = Math.Max(0, level - (due / 2));
            var (time, count) = await SeedSentAsync(tables, seeded, target, now);
            seeding += time;
            batches += count;
            seeded = target;
            var pass = await PassAsync(store, now);
            levels.Add(new Level(seeded + (due / 2), pass.Rows, pass.Time));
            Console.WriteLine(Describe(levels[^1], due));
            // Written after each level, so a long seeding that is stopped still leaves the levels it reached.
            await WriteSectionAsync(new Result(due, levels, seeding, batches, seeded));
        }

        return new Result(due, levels, seeding, batches, seeded);
    }

    /// <summary>
    /// Writes the two rows each finished message leaves (its idempotency record, its expiry entry) for messages
    /// <paramref name="from"/> to <paramref name="to"/>, 100 to a transaction, several transactions at once.
    /// </summary>
    private static async Task<(TimeSpan Time, int Batches)> SeedSentAsync(TableProvider tables, int from, int to, DateTimeOffset now)
    {
        var records = tables.GetTable(TableOutboxStore.KeysTableName);
        var outbox = tables.GetTable(TableOutboxStore.TableName);
        var watch = Stopwatch.StartNew();
        var batches = 0;
        var written = 0;
        var nextReport = 10_000;
        var gate = new object();

        // A batch is 100 messages of one tenant: its records share a partition, and the expiry entries share theirs.
        var starts = Enumerable.Range(0, (to - from + 99) / 100).Select(b => from + (b * 100));
        await Parallel.ForEachAsync(starts, new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (start, _) =>
        {
            var tenant = $"scan-tenant-{start / 100 % SeedTenants}";
            var workspace = WorkspaceKey.DefaultFor(tenant);
            var rows = Enumerable.Range(start, Math.Min(100, to - start))
                .Select(i => TableOutboxStore.FinishedRows(Message(workspace, $"digest|{workspace}|user-{i}|2026-W48", now.AddDays(-1)) with
                {
                    Status = OutboxStatus.Sent,
                    SentAt = now.AddDays(-1),
                    FinishedAt = now.AddDays(-1),
                    KeyExpiresAt = now.AddDays(13).AddTicks(i),
                }))
                .ToList();
            await SubmitAsync(records, rows.Select(r => r.Record));
            await SubmitAsync(outbox, rows.Select(r => r.Expiry));
            lock (gate)
            {
                batches += 2;
                written += rows.Count;
                if (written >= nextReport || from + written >= to)
                {
                    nextReport = written + 10_000;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {from + written:N0} of {to:N0} sent messages ({2 * written / Math.Max(0.001, watch.Elapsed.TotalSeconds):F0} rows/s)"));
                }
            }
        });
        return (watch.Elapsed, batches);
    }

    // A transaction is all or nothing, so one that failed without an answer is sent again; a conflict then means the
    // first one was applied.
    private static async Task SubmitAsync(TableClient table, IEnumerable<TableEntity> entities)
    {
        var actions = entities.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)).ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var deadline = new CancellationTokenSource(CallDeadline);
                await table.SubmitTransactionAsync(actions, deadline.Token);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && attempt > 1)
            {
                return;
            }
            catch (Exception e) when (attempt < 5 && e is Azure.RequestFailedException or OperationCanceledException or AggregateException)
            {
                Console.WriteLine($"  a seeding transaction failed ({e.GetType().Name}); sending it again");
            }
        }
    }

    public static string Describe(Result r) =>
        string.Join("; ", r.Levels.Select(l => Describe(l, r.Due)))
        + string.Create(CultureInfo.InvariantCulture, $"; seeding {r.SeededSent:N0} sent messages in {r.SeedBatches:N0} transactions of 100 rows took {r.Seeding.TotalSeconds:F1} s");

    private static string Describe(Level l, int due) =>
        string.Create(CultureInfo.InvariantCulture, $"pass with {due} due and {l.Sent:N0} sent: {l.RowsRead} rows read, {l.Pass.TotalMilliseconds:F0} ms on Azurite");

    public static string ToMarkdown(Result r)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(SectionHeading).AppendLine();
        md.AppendLine(c, $"`./bench.sh --outbox-scan-only` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores. One dispatcher pass reads the due range of the `outbox` table (`PartitionKey eq 'due' and RowKey lt <now>`) and the housekeeping range of expired idempotency records; {r.Due} messages are due each time. The sent messages' idempotency records (table `outboxkeys`) and expiry entries (partition `expiry`) are where the scan never reads.");
        md.AppendLine();
        md.AppendLine("| Messages already sent | Rows read by one pass | Azurite pass time |");
        md.AppendLine("|---:|---:|---:|");
        foreach (var l in r.Levels)
        {
            md.AppendLine(c, $"| {l.Sent:N0} | {l.RowsRead} | {l.Pass.TotalMilliseconds:F0} ms |");
        }

        md.AppendLine();
        md.AppendLine(c, $"Seeding {r.SeededSent:N0} sent messages (the two rows each leaves, spread over {SeedTenants} tenants) took {r.Seeding.TotalSeconds:F1} s in {r.SeedBatches:N0} batch transactions of 100 rows, {SeedParallelism} at a time; {r.Due / 2} more were sent through the store's own path. Rows read is the measure: Azurite evaluates every query against every row of a table, so its time grows with the table; Table Storage reads only the key range.");
        return md.ToString();
    }

    /// <summary>Puts the section into docs/benchmarks.md, replacing an earlier one, leaving the rest as it is.</summary>
    public static async Task WriteSectionAsync(Result r)
    {
        var path = RepoPaths.Combine("docs", "benchmarks.md");
        var text = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
        var section = ToMarkdown(r);
        var start = text.IndexOf(SectionHeading + "\n", StringComparison.Ordinal);
        if (start < 0)
        {
            text = text.TrimEnd('\n') + "\n\n" + section;
        }
        else
        {
            var next = text.IndexOf("\n## ", start + SectionHeading.Length, StringComparison.Ordinal);
            text = text[..start] + section + (next < 0 ? "" : "\n" + text[(next + 1)..]);
        }

        await File.WriteAllTextAsync(path, text);
    }

    private static async Task<(long Rows, TimeSpan Time)> PassAsync(TableOutboxStore store, DateTimeOffset now)
    {
        using var deadline = new CancellationTokenSource(CallDeadline);
        var before = store.RowsRead;
        var watch = Stopwatch.StartNew();
        await store.ListDueAsync(now, 500, deadline.Token);
        await store.PurgeExpiredKeysAsync(now, 1000, deadline.Token);
        watch.Stop();
        return (store.RowsRead - before, watch.Elapsed);
    }

    private static OutboxMessage Message(WorkspaceKey workspace, string key, DateTimeOffset at) => new()
    {
        Key = key,
        Workspace = workspace,
        RecipientUserId = key,
        PayloadJson = "[{\"text\":\"Your weekly digest\"}]",
        NextAttemptAt = at,
        CreatedAt = at,
    };
}
