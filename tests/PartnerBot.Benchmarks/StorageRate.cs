using System.Diagnostics;
using Azure.Data.Tables;

namespace PartnerBot.Benchmarks;

/// <summary>
/// The storage limit of a stateful turn: one read plus one write against the same Azurite,
/// with Azure.Data.Tables alone, at a given concurrency.
/// </summary>
internal static class StorageRate
{
    public static async Task<LoadResult> MeasureAsync(string connectionString, int workers, TimeSpan duration)
    {
        var table = new TableServiceClient(connectionString).GetTableClient("benchraw" + workers);
        await table.CreateIfNotExistsAsync();
        for (var w = 0; w < workers; w++)
        {
            await table.UpsertEntityAsync(new TableEntity("p" + w, "state") { ["Version"] = 0, ["Data"] = new string('x', 400) });
        }

        var latencies = new List<double>[workers];
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var mine = latencies[w] = [];
            var version = 0;
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var read = await table.GetEntityAsync<TableEntity>("p" + w, "state");
                var entity = read.Value;
                entity["Version"] = ++version;
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var elapsed = stop.Elapsed;
        await table.DeleteAsync();
        return LoadResult.From(latencies.SelectMany(l => l).ToList(), elapsed);
    }
}

/// <summary>Operations per second and latency percentiles of one load run.</summary>
internal sealed record LoadResult(int Count, double PerSecond, double P50, double P95, double P99)
{
    public static LoadResult From(List<double> latenciesMs, TimeSpan elapsed)
    {
        latenciesMs.Sort();
        return new LoadResult(
            latenciesMs.Count,
            latenciesMs.Count / elapsed.TotalSeconds,
            Percentile(latenciesMs, 0.50),
            Percentile(latenciesMs, 0.95),
            Percentile(latenciesMs, 0.99));
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
