using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Every weekly digest over the real stores and the follow-through's <see cref="DigestService"/>, in this process,
/// with storage reached through the counting proxy so each digest's table transactions are exact.
/// </summary>
internal static class DigestLoad
{
    public sealed record Result(int Workspaces, int Partners, long Rows, TimeSpan Seeding, TimeSpan Elapsed, double TransactionsPerDigest, double PeakMemoryMiB)
    {
        /// <summary>The time for 1,000 workspaces, scaled linearly from the measured count.</summary>
        public TimeSpan PerThousand => Elapsed * (1000.0 / Workspaces);
    }

    public static async Task<Result> RunAsync(string storage, int workspaces, int partnersEach)
    {
        var azuritePort = new Uri(storage.Split(';').First(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..]).Port;
        await using var proxy = await CountingProxy.StartAsync(azuritePort);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = AzuriteServer.ConnectionStringFor(proxy.Port),
            ["Storage:TablePrefix"] = "benchdigest" + Guid.NewGuid().ToString("N")[..6],
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddTableStorage(configuration)
            .AddPartnershipStores()
            .AddConversationReferenceStore()
            .AddSingleton<IDigestNarrator, RuleBasedDigestNarrator>()
            .AddSingleton<IDigestNarrative, DigestNarrative>()
            .AddSingleton(sp => ActivatorUtilities.CreateInstance<DigestService>(sp));
        await using var provider = services.BuildServiceProvider();
        var tables = provider.GetRequiredService<TableProvider>();
        foreach (var registration in provider.GetServices<TableRegistration>())
        {
            await tables.GetTable(registration.Name).CreateIfNotExistsAsync();
        }

        var seeding = Stopwatch.StartNew();
        var keys = Enumerable.Range(0, workspaces).Select(w => new WorkspaceKey($"bench-digest-tenant-{w}", "main")).ToList();
        var now = DateTimeOffset.UtcNow;
        var store = provider.GetRequiredService<IWorkspaceStore>();
        var seed = ActivatorUtilities.CreateInstance<DigestSeed>(provider);
        await seed.SeedAsync(keys, partnersEach, now);
        seeding.Stop();

        var digests = provider.GetRequiredService<DigestService>();
        proxy.Reset();
        var clock = Stopwatch.StartNew();

        // One workspace at a time per worker, nothing kept after its card is built: memory should not grow with the count.
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (key, ct) =>
        {
            var workspace = (await store.GetAsync(key, ct))!.Value;
            var snapshot = await digests.ReadAsync(workspace, ct);
            _ = await digests.BuildAsync(snapshot, TimeZoneInfo.Utc, now, ct);
        });
        clock.Stop();
        var transactions = (double)proxy.Requests / workspaces;
        using var self = Process.GetCurrentProcess();
        return new Result(workspaces, partnersEach, seed.Rows, seeding.Elapsed, clock.Elapsed, transactions, self.PeakWorkingSet64 / (1024.0 * 1024.0));
    }
}
