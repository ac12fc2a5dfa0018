using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Web.Hosting;

/// <summary>
/// Without an app id the protocol runs in development mode and accepts only loopback callers,
/// so a deployed bot would silently answer nobody. Refuse to start instead, and say what is missing.
/// </summary>
internal sealed class AppIdRequiredOutsideDevelopment(IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options) =>
        environment.IsDevelopment() || !options.IsDevelopmentMode
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Bot:AppId (env Bot__AppId) must be set in the {environment.EnvironmentName} environment: it is the bot's Microsoft App ID. " +
                "Only the Development environment may run without one.");
}
