using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Ecosystem;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage;
using PartnerBot.Storage.Tables;
using PartnerBot.Web.Ecosystem;

namespace PartnerBot.Benchmarks;

/// <summary>
/// --ecosystem-index-only: the ecosystem health index of the digest benchmark's seeded workspaces (100, 20 and 1
/// partners), with every part, and the chart's render time and PNG size over twelve weeks.
/// </summary>
internal static class EcosystemBench
{
    public static async Task<string> RunAsync(string storage)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = "benchindex" + Guid.NewGuid().ToString("N")[..6],
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddTableStorage(configuration).AddPartnershipStores();
        await using var provider = services.BuildServiceProvider();
        var tables = provider.GetRequiredService<TableProvider>();
        foreach (var registration in provider.GetServices<TableRegistration>())
        {
            await tables.GetTable(registration.Name).CreateIfNotExistsAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var seed = ActivatorUtilities.CreateInstance<DigestSeed>(provider);
        var lines = new List<string>();
        foreach (var size in new[] { 100, 20, 1 })
        {
            var key = new WorkspaceKey($"bench-index-{size}", "main");
            await seed.SeedAsync([key], size, now);
            var pipeline = await provider.GetRequiredService<IPipelineStore>().ReadAsync(key, default);
            var compute = Stopwatch.StartNew();
            var reading = EcosystemIndex.Compute(new EcosystemInput
            {
                Partners = pipeline.Partners,
                Histories = pipeline.Histories,
                NeedsAssessments = await provider.GetRequiredService<INeedsAssessmentStore>().ListAsync(key, default),
                Introductions = pipeline.Introductions,
                Today = DateOnly.FromDateTime(now.UtcDateTime),
            });
            compute.Stop();
            lines.Add($"Workspace of {size} partner(s): index {reading.Index?.ToString(CultureInfo.InvariantCulture) ?? "none"} (computed in {compute.Elapsed.TotalMilliseconds:F2} ms)");
            lines.AddRange(reading.Parts.Select(p => $"  {p.Name,-19} {p.Points,5:F1} / {p.Weight,-3} {p.Explanation}"));
        }

        int[] figures = [41, 43, 44, 42, 47, 50, 49, 53, 55, 54, 58, 61];
        var monday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-77);
        var points = figures.Select((f, i) => new EcosystemPoint(monday.AddDays(7 * i), f)).ToList();
        var chart = new ScottPlotIndexChart();
        var first = Stopwatch.StartNew();
        var image = chart.Render(points);
        first.Stop();
        var times = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var one = Stopwatch.StartNew();
            image = chart.Render(points);
            times.Add(one.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        lines.Add($"Chart of 12 weeks, {image.Width} x {image.Height} px: {image.Png.Length:N0} bytes PNG ({image.DataUri.Length:N0} characters as a data URI); " +
            $"first render {first.Elapsed.TotalMilliseconds:F0} ms (font and native library loading), then p50 {times[times.Count / 2]:F1} ms, p95 {times[(int)(times.Count * 0.95)]:F1} ms over 50 renders");
        return string.Join('\n', lines);
    }
}
