using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Propositions;
using PartnerBot.Language.Drafting;
using PartnerBot.Language.Ideas;
using PartnerBot.Language.Intents;
using PartnerBot.Language.Model;
using PartnerBot.Language.Narration;

namespace PartnerBot.Language.Setup;

/// <summary>Which implementations are in use.</summary>
public enum LanguageMode
{
    /// <summary>No model configured: the deterministic defaults.</summary>
    Defaults,

    /// <summary>Settings present but unusable: the defaults, and a warning in the log.</summary>
    DefaultsMisconfigured,

    /// <summary>A model stands in front of each default.</summary>
    Model,
}

public static class LanguageServices
{
    /// <summary>
    /// Registers the four language features. The defaults are always registered (the model-backed
    /// versions fall back to them); the model versions replace the interfaces only when settings are complete.
    /// </summary>
    public static LanguageMode AddLanguageFeatures(this IServiceCollection services, LanguageOptions options)
    {
        services.AddSingleton<RuleBasedIntentRecognizer>();
        services.AddSingleton<TemplatePropositionDrafter>();
        services.AddSingleton<RuleBasedDigestNarrator>();
        services.AddSingleton<RuleBasedPartnerIdeas>();

        if (!options.IsRequested || options.Problem() is not null)
        {
            services.AddSingleton<IIntentRecognizer>(sp => sp.GetRequiredService<RuleBasedIntentRecognizer>());
            services.AddSingleton<IPropositionDrafter>(sp => sp.GetRequiredService<TemplatePropositionDrafter>());
            services.AddSingleton<IDigestNarrator>(sp => sp.GetRequiredService<RuleBasedDigestNarrator>());
            services.AddSingleton<IPartnerIdeas>(sp => sp.GetRequiredService<RuleBasedPartnerIdeas>());
            return options.IsRequested ? LanguageMode.DefaultsMisconfigured : LanguageMode.Defaults;
        }

        services.AddSingleton(sp => new LanguageModel(
            ChatServiceFactory.Create(options, sp.GetRequiredService<ILoggerFactory>()),
            TimeSpan.FromSeconds(options.TimeoutSeconds),
            options.MaxOutputTokens,
            sp.GetRequiredService<ILogger<LanguageModel>>()));
        services.AddSingleton<IIntentRecognizer, ModelIntentRecognizer>();
        services.AddSingleton<IPropositionDrafter, ModelPropositionDrafter>();
        services.AddSingleton<IDigestNarrator, ModelDigestNarrator>();
        services.AddSingleton<IPartnerIdeas, ModelPartnerIdeas>();
        return LanguageMode.Model;
    }
}
