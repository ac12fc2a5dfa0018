using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PartnerBot.Protocol.Hosting;

/// <summary>Says at start-up which identity the bot runs as, and warns loudly when it checks no tokens.</summary>
internal sealed partial class ProtocolStartupReport(IOptions<BotOptions> options, ILogger<ProtocolStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var bot = options.Value;
        if (bot.IsDevelopmentMode)
        {
            LogDevelopmentMode();
        }
        else
        {
            LogIdentity(bot.AppId!, bot.AppType, bot.TenantId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "DEVELOPMENT MODE: Bot:AppId is not set, so requests to the messaging endpoint are NOT authenticated " +
        "and are accepted only from this machine (loopback); no token is sent on replies. Never run like this in production.")]
    private partial void LogDevelopmentMode();

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot app {AppId} ({AppType}, tenant {TenantId}): channel tokens are required")]
    private partial void LogIdentity(string appId, string appType, string? tenantId);
}
