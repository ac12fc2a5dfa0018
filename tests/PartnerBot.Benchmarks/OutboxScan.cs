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
/// housekeeping range) with none sent, then with 200,000 sent, the same 50 messages due each time. Rows read is the
/// measure, not time: Azurite evaluates a query against every row of a table, Table Storage reads only the key range.
/// </summary>
internal static class OutboxScan
{
    public const string SectionHeading = "## Outbox scan";

    internal sealed record Result(int Due, int Sent, long RowsReadEmpty, long RowsReadFull, TimeSpan Seeding, int SeedBatches, TimeSpan PassEmpty, TimeSpan PassFull);

    public static async Task<Result> RunAsync(string storage, int sent, int due)
    {
        var prefix = "benchscan" + Guid.NewGuid().ToString("N")[..6];
        var tables = new TableProvider(new TableServiceClient(storage), Options.Create(new TableStorageOptions { ConnectionString = storage, TablePrefix = prefix }));
        foreach (var name in new[] { TableOutboxStore.TableName, TableOutboxStore.KeysTableName })
        {
            await tables.GetTable(name).CreateIfNotExistsAsync();
        }

        var store = new TableOutboxStore(tables);
        var now = DateTimeOffset.UtcNow;
        var workspace = WorkspaceKey.DefaultFor(Program.TenantId);
        for (var i = 0; i < due; i++)
        {
            await store.EnqueueAsync(Message(workspace, $"nudge|{workspace}|due-{i}|1", now.AddMinutes(-1)), default);
        }

        var (emptyRows, emptyTime) = await PassAsync(store, now);

        // What 200,000 finished messages leave behind, written 100 to a transaction.
        var watch = Stopwatch.StartNew();
        var batches = 0;
        var records = tables.GetTable(TableOutboxStore.KeysTableName);
        var outbox = tables.GetTable(TableOutboxStore.TableName);
        for (var start = 0; start < sent; start += 100)
        {
            var rows = Enumerable.Range(start, Math.Min(100, sent - start))
                .Select(i => TableOutboxStore.FinishedRows(Message(workspace, $"digest|{workspace}|user-{i}|2026-W48", now.AddDays(-1)) with
                {
                    Status = OutboxStatus.Sent,
                    SentAt = now.AddDays(-1),
                    FinishedAt = now.AddDays(-1),
                    KeyExpiresAt = now.AddDays(13).AddTicks(i),
                }))
                .ToList();
            await records.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r.Record)));
            await outbox.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r.Expiry)));
            batches += 2;
        }

        watch.Stop();

        // And some sent through the product's own path, so the seeded shape is the real one.
        var real = await store.ListDueAsync(now, 1000, default);
        foreach (var row in real.Take(due / 2))
        {
            await store.TryUpdateAsync(row, row.Value with { Status = OutboxStatus.Sent, SentAt = now, FinishedAt = now, KeyExpiresAt = now.AddDays(14) }, default);
        }

        for (var i = 0; i < due / 2; i++)
        {
            await store.EnqueueAsync(Message(workspace, $"nudge|{workspace}|due-again-{i}|1", now.AddMinutes(-1)), default);
        }

        var (fullRows, fullTime) = await PassAsync(store, now);
        return new Result(due, sent + (due / 2), emptyRows, fullRows, watch.Elapsed, batches, emptyTime, fullTime);
    }

    public static string Describe(Result r) =>
        string.Create(CultureInfo.InvariantCulture, $"Outbox pass with {r.Due} due: {r.RowsReadEmpty} rows read with none sent, {r.RowsReadFull} with {r.Sent:N0} sent; seeding {r.Sent - (r.Due / 2):N0} sent messages in {r.SeedBatches:N0} transactions of 100 rows took {r.Seeding.TotalSeconds:F1} s; Azurite's pass time {r.PassEmpty.TotalMilliseconds:F0} ms → {r.PassFull.TotalMilliseconds:F0} ms");

    public static string ToMarkdown(Result r)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(SectionHeading).AppendLine();
        md.AppendLine(c, $"`./bench.sh --outbox-scan-only` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores. One dispatcher pass reads the due range of the `outbox` table (`PartitionKey eq 'due' and RowKey lt <now>`) and the housekeeping range of expired idempotency records; {r.Due} messages are due each time. The sent messages' idempotency records (table `outboxkeys`) and expiry entries (partition `expiry`) are where the scan never reads.");
        md.AppendLine();
        md.AppendLine("| Messages already sent | Rows read by one pass | Azurite pass time |");
        md.AppendLine("|---:|---:|---:|");
        md.AppendLine(c, $"| 0 | {r.RowsReadEmpty} | {r.PassEmpty.TotalMilliseconds:F0} ms |");
        md.AppendLine(c, $"| {r.Sent:N0} | {r.RowsReadFull} | {r.PassFull.TotalMilliseconds:F0} ms |");
        md.AppendLine();
        md.AppendLine(c, $"Seeding {r.Sent - (r.Due / 2):N0} sent messages (the two rows each leaves) took {r.Seeding.TotalSeconds:F1} s in {r.SeedBatches:N0} batch transactions of 100 rows; {r.Due / 2} more were sent through the store's own path. Rows read is the measure: Azurite evaluates every query against every row of a table, so its time grows with the table; Table Storage reads only the key range.");
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
        var before = store.RowsRead;
        var watch = Stopwatch.StartNew();
        var due = await store.ListDueAsync(now, 500, default);
        await store.PurgeExpiredKeysAsync(now, 1000, default);
        watch.Stop();
        _ = due;
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
