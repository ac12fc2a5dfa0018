using System.Globalization;
using PartnerBot.Testing;
using PartnerBot.Testing.FakeConnector;

namespace PartnerBot.Benchmarks;

/// <summary>
/// ./bench.sh: Azurite, the bot as a Release process with authentication on, the fake connector; prints the
/// figures and writes them to docs/benchmarks.md. Each concurrency level runs the raw storage rate and the bot
/// back to back, so their ratio holds even when the machine is busy.
/// </summary>
internal static class Program
{
    public const string TenantId = "7d2c4b7e-0000-4000-8000-00000000be4c";
    private const string AppId = "5f0c1a2e-0000-4000-8000-00000000be4c";
    private static readonly int[] Concurrency = [1, 8, 32, 128];

    public static async Task<int> Main(string[] args)
    {
        var seconds = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var s) ? s : 10;

        // A workspace seeds about 530 rows, and Azurite scans a whole table for every query, so 100 workspaces already
        // take over six minutes on 2 cores: the digest runs on 50 by default (./bench.sh 10 1000 or
        // BENCH_DIGEST_WORKSPACES=1000 for all of them) and the report scales the time to 1,000.
        var digestWorkspaces = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out var w) ? w
            : int.TryParse(Environment.GetEnvironmentVariable("BENCH_DIGEST_WORKSPACES"), CultureInfo.InvariantCulture, out var e) ? e : 50;

        // The dispatcher's limiter pads every window by a margin; BENCH_FANOUT_MARGIN_MS tries another than the product's.
        TimeSpan? margin = int.TryParse(Environment.GetEnvironmentVariable("BENCH_FANOUT_MARGIN_MS"), CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms) : null;
        var duration = TimeSpan.FromSeconds(seconds);
        if (args.Contains("--ecosystem-index-only"))
        {
            // The index and its chart run in this process: no bot to start.
            Console.WriteLine(await EcosystemBench.RunAsync(await AzuriteServer.GetConnectionStringAsync()));
            return 0;
        }

        if (!File.Exists(BotProcess.WebDll))
        {
            await Console.Error.WriteLineAsync($"Build the bot in Release first (dotnet build src/PartnerBot.Web -c Release): {BotProcess.WebDll} is missing.");
            return 2;
        }

        var storage = await AzuriteServer.GetConnectionStringAsync();
        using var issuer = new TokenIssuer();
        await using var services = await FakeServices.StartAsync(issuer);
        await using var connector = await FakeConnectorServer.StartAsync();
        var report = new Report(Environment.ProcessorCount);
        if (args.Contains("--digest-only"))
        {
            var only = await DigestLoad.RunAsync(storage, digestWorkspaces, 100);
            Console.WriteLine($"{only.Workspaces} digests in {only.Elapsed.TotalSeconds:F1} s (seeding {only.Seeding.TotalSeconds:F1} s, {only.Rows:N0} rows), {only.TransactionsPerDigest:F1} transactions each, peak {only.PeakMemoryMiB:F0} MiB");
            return 0;
        }

        if (args.Contains("--outbox-scan-only"))
        {
            var scan = await OutboxScan.RunAsync([20_000, 200_000], 50);
            Console.WriteLine(OutboxScan.Describe(scan));
            await OutboxScan.WriteSectionAsync(scan);
            return 0;
        }

        if (args.Contains("--two-dispatchers-only"))
        {
            var two = await TwoDispatchers.RunAsync(storage, connector, prefix => BotEnvironment(services, storage, prefix), 3000);
            Console.WriteLine(TwoDispatchers.Describe(two));
            await TwoDispatchers.WriteSectionAsync(two);
            return 0;
        }

        if (args.Contains("--fanout-only"))
        {
            var only = await FanOut.RunAsync(storage, connector, 3000, args.Contains("--while-enqueuing"), margin);
            Console.WriteLine(Report.Describe(only));
            return 0;
        }

        // Turn replies go to the same fake connector as the fan-out, with Teams' limits off while turns run.
        connector.EnforceLimits = false;
        connector.RecordReceived = false;
        var replies = new TurnReplies(connector);
        var token = issuer.CreateToken(AppId, replies.ServiceUrl);

        Console.WriteLine("Start-up...");
        var prefix = "benchstart" + Guid.NewGuid().ToString("N")[..6];
        var startups = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            // The first start creates the tables; the restarts find them, as a redeployed or scaled-out bot does.
            await using var cold = await BotProcess.StartAsync(BotEnvironment(services, storage, prefix));
            startups.Add(cold.Startup.TotalMilliseconds);
        }

        report.FirstStartupMs = startups[0];
        report.StartupMs = startups.Skip(1).Order().ElementAt(1);
        if (File.Exists(BotProcess.ReadyToRunDll))
        {
            var ahead = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await using var r2r = await BotProcess.StartAsync(BotEnvironment(services, storage, prefix), BotProcess.ReadyToRunDll);
                ahead.Add(r2r.Startup.TotalMilliseconds);
            }

            report.ReadyToRunStartupMs = ahead.Order().ElementAt(1);
        }

        Console.WriteLine("Table transactions per turn (through a counting proxy)...");
        report.Costs = await CountTransactionsAsync(services, replies, storage, token);

        Console.WriteLine("Turns against the storage limit...");
        await using (var bot = await BotProcess.StartAsync(BotEnvironment(services, storage, "benchturns" + Guid.NewGuid().ToString("N")[..6])))
        {
            var load = new TurnLoad(bot.BaseUrl, replies, AppId, token);
            await load.RunAsync(8, TimeSpan.FromSeconds(3), "warm");
            foreach (var users in Concurrency)
            {
                var raw = await StorageRate.MeasureAsync(storage, users, duration);
                var turns = await load.RunAsync(users, duration, "c" + users);
                report.Levels.Add(new Level(users, raw, turns));
                Console.WriteLine($"  {users,3} users: {turns.PerSecond,7:F0} turns/s, raw {raw.PerSecond,7:F0}/s, p99 {turns.P99:F1} vs {raw.P99:F1} ms");
            }

            report.TurnErrors = load.Errors;
            report.PeakMemoryMiB = bot.PeakMemoryMiB();
        }

        Console.WriteLine($"Weekly digests of {digestWorkspaces} workspaces × 100 partners...");
        report.Digest = await DigestLoad.RunAsync(storage, digestWorkspaces, 100);

        Console.WriteLine("Fan-out of 3,000 proactive messages at 50 requests per second...");
        report.FanOuts.Add(await FanOut.RunAsync(storage, connector, 3000, whileEnqueuing: false, margin));
        Console.WriteLine(Report.Describe(report.FanOuts[^1]));
        report.FanOuts.Add(await FanOut.RunAsync(storage, connector, 3000, whileEnqueuing: true, margin));
        Console.WriteLine(Report.Describe(report.FanOuts[^1]));

        var markdown = report.ToMarkdown(seconds);
        Console.WriteLine();
        Console.WriteLine(markdown);
        await File.WriteAllTextAsync(RepoPaths.Combine("docs", "benchmarks.md"), markdown);

        Console.WriteLine("Outbox scan with 0, 20,000 and 200,000 messages already sent...");
        var outboxScan = await OutboxScan.RunAsync([20_000, 200_000], 50);
        Console.WriteLine(OutboxScan.Describe(outboxScan));
        await OutboxScan.WriteSectionAsync(outboxScan);

        Console.WriteLine("Fan-out of 3,000 messages for one tenant by two bot processes...");
        var twoDispatchers = await TwoDispatchers.RunAsync(storage, connector, prefix => BotEnvironment(services, storage, prefix), 3000);
        Console.WriteLine(TwoDispatchers.Describe(twoDispatchers));
        await TwoDispatchers.WriteSectionAsync(twoDispatchers);
        return 0;
    }

    private static Dictionary<string, string> BotEnvironment(FakeServices services, string storage, string tablePrefix) => new()
    {
        // Development only so the fake services may be plain http on loopback (keys, connector); tokens are still checked.
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Storage__ConnectionString"] = storage,
        ["Storage__TablePrefix"] = tablePrefix,
        ["Bot__AppId"] = AppId,
        ["Bot__AppType"] = "UserAssignedMSI",
        ["Bot__TenantId"] = TenantId,
        ["Bot__ManagedIdentityClientId"] = AppId,
        ["Bot__OpenIdMetadataUrl"] = services.BaseUrl + "/openid",
        ["Bot__EntraOpenIdMetadataUrl"] = services.BaseUrl + "/openid",

        // The load is one client posting hundreds of turns a second, far above what the edge lets one client or tenant send.
        ["Edge__RateLimits__Messages"] = "1000000",
        ["Edge__RateLimits__MessagesPerClient"] = "1000000",
        ["Edge__RateLimits__MessagesPerTenant"] = "1000000",

        // Azure.Identity's App Service managed-identity protocol, answered by the fake services.
        ["IDENTITY_ENDPOINT"] = services.BaseUrl + "/msi/token",
        ["IDENTITY_HEADER"] = FakeServices.IdentityHeader,
    };

    // A separate bot whose storage goes through the proxy, one user at a time, so each turn's count is exact.
    private static async Task<TurnCosts> CountTransactionsAsync(FakeServices services, TurnReplies replies, string storage, string token)
    {
        var azuritePort = new Uri(storage.Split(';').First(p => p.StartsWith("TableEndpoint=", StringComparison.Ordinal))["TableEndpoint=".Length..]).Port;
        await using var proxy = await CountingProxy.StartAsync(azuritePort);
        await using var bot = await BotProcess.StartAsync(BotEnvironment(services, AzuriteServer.ConnectionStringFor(proxy.Port), "benchcount" + Guid.NewGuid().ToString("N")[..6]));
        var load = new TurnLoad(bot.BaseUrl, replies, AppId, token);
        await load.SetUpAsync(1, "count");
        var open = new List<double>();
        var submit = new List<double>();
        for (var round = 0; round < 6; round++)
        {
            foreach (var kind in new[] { TurnKind.Open, TurnKind.Submit })
            {
                proxy.Reset();
                await load.RunSingleAsync("count", kind);

                // Let writes the bot makes after replying land in this turn's count, not the next one's.
                await Task.Delay(200);
                (kind == TurnKind.Open ? open : submit).Add(proxy.Requests);
            }
        }

        // The first screening of a partner creates it; later rounds re-screen with the card's version token.
        var all = open.Concat(submit).Order().ToList();
        open.Sort();
        submit.Sort();
        return new TurnCosts(LoadResult.Percentile(all, 0.5), LoadResult.Percentile(open, 0.5), LoadResult.Percentile(submit, 0.5), load.Errors);
    }
}

/// <summary>Median table transactions per turn, over all timed turns and per kind.</summary>
internal sealed record TurnCosts(double Median, double Open, double Submit, int Errors);
