using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Tests.Hosting;

public sealed class StartupReportTests
{
    [Fact]
    public async Task Start_DevelopmentMode_LogsLoudWarning()
    {
        var logger = new ListLogger();
        var report = new ProtocolStartupReport(Options.Create(new BotOptions()), logger);

        await report.StartAsync(CancellationToken.None);

        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("DEVELOPMENT MODE", message, StringComparison.Ordinal);
        Assert.Contains("loopback", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAppId_LogsNoWarning()
    {
        var logger = new ListLogger();
        var report = new ProtocolStartupReport(Options.Create(new BotOptions { AppId = "app", TenantId = "t", AppPassword = "s" }), logger);

        await report.StartAsync(CancellationToken.None);

        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(logger.Entries, e => e.Message.Contains("app", StringComparison.Ordinal));
    }

    private sealed class ListLogger : ILogger<ProtocolStartupReport>
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));
    }
}
