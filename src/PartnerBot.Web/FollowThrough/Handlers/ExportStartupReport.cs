using Microsoft.Extensions.Options;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>Says at start-up when export links are signed with a key that dies with the process.</summary>
internal sealed partial class ExportStartupReport(IOptions<ExportOptions> options, ILogger<ExportStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.HasSigningKey)
        {
            LogRandomKey(ExportOptions.SigningKeySetting);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "{Setting} is not set: export links are signed with a random key made at start-up, so they stop working when the app " +
        "restarts and work only on this instance. Set it (base64, at least 32 bytes) when the app runs on more than one instance.")]
    private partial void LogRandomKey(string setting);
}
