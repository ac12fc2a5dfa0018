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
/// read is the measure, not time: Azurite's time depends on its in-memory indexes, Table Storage reads only the key range. It runs on an Azurite of its own that keeps its tables in a folder: the sent messages' rows are written
/// into that database while Azurite is stopped (<c>azurite-seed.cjs</c>), because Azurite reads a whole partition for
/// every row inserted into it and 200,000 rows through its API take hours.
/// </summary>
internal static class OutboxScan
{
    public const string SectionHeading = "## Outbox scan";

    // Sent messages are spread over this many tenants, so their idempotency records fill as many partitions.
    private const int SeedTenants = 16;
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    internal sealed record Level(int Sent, long RowsRead, TimeSpan Pass);

    internal sealed record Result(int Due, IReadOnlyList<Level> Levels, TimeSpan Seeding, int SeededSent);

    /// <summary>Measures a pass with nothing sent, then after seeding up to each of <paramref name="sentLevels"/> (ascending).</summary>
    public static async Task<Result> RunAsync(IReadOnlyList<int> sentLevels, int due)
    {
        var location = Directory.CreateTempSubdirectory("partnerbot-scan-").FullName;
        var port = AzuriteServer.FreePort();
        var azurite = await AzuriteServer.StartPrivateAsync(location, port);
        try
        {
            return await RunAsync(azurite.ConnectionString, sentLevels, due, async seed =>
            {
                await azurite.CloseAsync(CallDeadline);
                await seed(location);
                azurite = await AzuriteServer.StartPrivateAsync(location, port);
            });
        }
        finally
        {
            await azurite.DisposeAsync();
            Directory.Delete(location, recursive: true);
        }
    }

    private static async Task<Result> RunAsync(string storage, IReadOnlyList<int> sentLevels, int due, Func<Func<string, Task>, Task> whileStopped)
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
        var seeded = 0;
        var recordsTable = tables.GetTable(TableOutboxStore.KeysTableName).Name;
        var outboxTable = tables.GetTable(TableOutboxStore.TableName).Name;
        foreach (var level in sentLevels)
        {
            var target = Math.Max(0, level - (due / 2));
            var from = seeded;
            (TableEntity Record, TableEntity Expiry)? last = null;
            await whileStopped(async folder =>
            {
                var (time, rows) = await SeedSentAsync(folder, recordsTable, outboxTable, from, target, now);
                seeding += time;
                last = rows;
            });
            seeded = target;
            if (last is { } written)
            {
                // Azurite serves what was written into its database while it was stopped.
                await ExpectRowAsync(tables.GetTable(TableOutboxStore.KeysTableName), written.Record);
                await ExpectRowAsync(tables.GetTable(TableOutboxStore.TableName), written.Expiry);
            }

            var pass = await PassAsync(store, now);
            levels.Add(new Level(seeded + (due / 2), pass.Rows, pass.Time));
            Console.WriteLine(Describe(levels[^1], due));
            // Written after each level, so a long run that is stopped still leaves the levels it reached.
            await WriteSectionAsync(new Result(due, levels, seeding, seeded));
        }

        return new Result(due, levels, seeding, seeded);
    }

    /// <summary>
    /// Writes the two rows each finished message leaves (its idempotency record, its expiry entry) for messages
    /// <paramref name="from"/> to <paramref name="to"/> into the stopped Azurite's database in <paramref name="folder"/>.
    /// </summary>
    private static async Task<(TimeSpan Time, (TableEntity Record, TableEntity Expiry)? Last)> SeedSentAsync(string folder, string recordsTable, string outboxTable, int from, int to, DateTimeOffset now)
    {
        (TableEntity Record, TableEntity Expiry)? last = null;
        var watch = Stopwatch.StartNew();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { RepoPaths.Combine("tests", "PartnerBot.Benchmarks", "azurite-seed.cjs"), folder },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var seeder = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = seeder.StandardOutput.ReadToEndAsync();
        for (var i = from; i < to; i++)
        {
            var workspace = WorkspaceKey.DefaultFor($"scan-tenant-{i / 100 % SeedTenants}");
            var (record, expiry) = TableOutboxStore.FinishedRows(Message(workspace, $"digest|{workspace}|user-{i}|2026-W48", now.AddDays(-1)) with
            {
                Status = OutboxStatus.Sent,
                SentAt = now.AddDays(-1),
                FinishedAt = now.AddDays(-1),
                KeyExpiresAt = now.AddDays(13).AddTicks(i),
            });
            await seeder.StandardInput.WriteLineAsync(Line(recordsTable, record));
            await seeder.StandardInput.WriteLineAsync(Line(outboxTable, expiry));
            last = (record, expiry);
        }

        seeder.StandardInput.Close();
        await seeder.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        if (seeder.ExitCode != 0)
        {
            throw new InvalidOperationException($"azurite-seed.cjs failed with exit code {seeder.ExitCode}");
        }

        var added = (await output).Trim();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded {to:N0} sent messages: {added} in {watch.Elapsed.TotalSeconds:F1} s"));
        return (watch.Elapsed, last);
    }

    private static async Task ExpectRowAsync(TableClient table, TableEntity row)
    {
        using var deadline = new CancellationTokenSource(CallDeadline);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: deadline.Token);
        if (!found.HasValue)
        {
            throw new InvalidOperationException($"The seeded row {row.PartitionKey}/{row.RowKey} is not in {table.Name}: Azurite did not load what was written.");
        }
    }

    /// <summary>One entity as the seeder reads it: its properties in the Table service's JSON, with their types.</summary>
    private static string Line(string table, TableEntity entity)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in entity)
        {
            switch (value)
            {
                case DateTimeOffset at:
                    properties[name] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
                    properties[name + "@odata.type"] = "Edm.DateTime";
                    break;
                case DateTime at:
                    properties[name] = at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
                    properties[name + "@odata.type"] = "Edm.DateTime";
                    break;
                case long number:
                    properties[name] = number.ToString(CultureInfo.InvariantCulture);
                    properties[name + "@odata.type"] = "Edm.Int64";
                    break;
                case string or int or bool or null:
                    properties[name] = value;
                    break;
                case double number:
                    properties[name] = number;
                    properties[name + "@odata.type"] = "Edm.Double";
                    break;
                default:
                    throw new NotSupportedException($"The seeder does not write {value.GetType().Name} properties ({name}).");
            }
        }

        properties.Remove("odata.etag");
        properties.Remove("Timestamp");
        return System.Text.Json.JsonSerializer.Serialize(new { table, entity = properties });
    }

    public static string Describe(Result r) =>
        string.Join("; ", r.Levels.Select(l => Describe(l, r.Due)))
        + string.Create(CultureInfo.InvariantCulture, $"; writing {r.SeededSent:N0} sent messages' rows took {r.Seeding.TotalSeconds:F1} s");

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
        md.AppendLine(c, $"The {r.SeededSent:N0} sent messages' rows (the two each leaves, built by the store's own `FinishedRows`, spread over {SeedTenants} tenants) were written into the stopped Azurite's database with LokiJS in {r.Seeding.TotalSeconds:F1} s (`azurite-seed.cjs`: Azurite reads a whole partition for every row inserted through its API, which made 200,000 take hours); {r.Due / 2} more were sent through the store's own path. The last row written at each level is read back through Azurite before the pass. Rows read is the measure, not Azurite's time (it depends on its in-memory indexes and the machine's load); Table Storage reads only the key range.");
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
