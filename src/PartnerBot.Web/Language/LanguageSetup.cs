using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Propositions;
using PartnerBot.Language.Setup;

namespace PartnerBot.Web.Language;

/// <summary>Language-model assistance, and the deterministic defaults when no model is configured.</summary>
public static class LanguageSetup
{
    public static WebApplicationBuilder AddPartnerBotLanguage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LanguageOptions>()
            .BindConfiguration(LanguageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(LanguageOptions.SectionName).Get<LanguageOptions>() ?? new LanguageOptions();
        var mode = builder.Services.AddLanguageFeatures(options);
        builder.Services.AddSingleton(new LanguageStartupReport(mode, options.Problem(), options.ModelId));
        builder.Services.AddHostedService<LanguageStartupLog>();

        builder.Services.AddSingleton<IFlow, DraftCommandHandler>();
        builder.Services.AddSingleton<IFlow, IdeasCommandHandler>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}

/// <summary>What the language setup decided, for the start-up log.</summary>
public sealed record LanguageStartupReport(LanguageMode Mode, string? Problem, string? ModelId);

/// <summary>Says once at start which language features are in use; users never see it.</summary>
internal sealed partial class LanguageStartupLog(LanguageStartupReport report, IOptions<LanguageOptions> validated, ILogger<LanguageStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Reading Value runs the data-annotation checks before the first turn.
        _ = validated.Value;
        switch (report.Mode)
        {
            case LanguageMode.Model:
                LogModel(logger, report.ModelId ?? "");
                break;
            case LanguageMode.DefaultsMisconfigured:
                LogMisconfigured(logger, report.Problem ?? "");
                break;
            default:
                LogDefaults(logger);
                break;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "No language model configured; using the deterministic defaults for intents, drafts, digest narratives and partner ideas")]
    private static partial void LogDefaults(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Language model settings are incomplete ({Problem}); using the deterministic defaults")]
    private static partial void LogMisconfigured(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Language model {ModelId} configured; each feature falls back to its default on failure or timeout")]
    private static partial void LogModel(ILogger logger, string modelId);
}
