using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Protocol.Connector;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Proactive messages to one tenant through the product's connector client (its 429 handling and Retry-After),
/// against the fake connector enforcing the Teams limit. The follow-through outbox is not on this branch, so the
/// senders are plain workers; that is exactly what the outbox has to do better than.
/// </summary>
internal static class FanOut
{
    public sealed record Result(int Messages, TimeSpan Elapsed, TimeSpan Minimum, int Lost, int Duplicated, long Throttled, int Failed);

    public static async Task<Result> RunAsync(FakeServices services, int messages, int limit, int workers)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:ConnectorMaxAttempts"] = "4",
        }).Build();
        var collection = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Error));
        collection.AddBotFrameworkProtocol(configuration);
        await using var provider = collection.BuildServiceProvider();
        var connector = provider.GetRequiredService<IConnectorClient>();

        services.ResetDelivered();
        services.RateLimit = limit;
        var next = -1;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages)
            {
                var activity = new PartnerBot.Protocol.Activities.Activity { Type = "message", Text = $"fan-out {i}" };
                try
                {
                    await connector.SendToConversationAsync(services.ServiceUrl, $"a:fanout-{i}", activity, CancellationToken.None);
                }
                catch (ConnectorException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        services.RateLimit = 0;

        var delivered = services.Delivered;
        var lost = messages - delivered.Count;
        var duplicated = delivered.Values.Sum(n => n - 1);
        var minimum = TimeSpan.FromSeconds((double)messages / limit);
        return new Result(messages, elapsed, minimum, lost, duplicated, services.Throttled, failed);
    }
}
