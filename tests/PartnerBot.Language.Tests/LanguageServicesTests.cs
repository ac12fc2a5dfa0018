using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Propositions;
using PartnerBot.Language.Drafting;
using PartnerBot.Language.Ideas;
using PartnerBot.Language.Intents;
using PartnerBot.Language.Narration;
using PartnerBot.Language.Setup;

namespace PartnerBot.Language.Tests;

public class LanguageServicesTests
{
    private static (LanguageMode Mode, ServiceProvider Services) Build(LanguageOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var mode = services.AddLanguageFeatures(options);
        return (mode, services.BuildServiceProvider());
    }

    [Fact]
    public void NotConfigured_UsesTheDefaults()
    {
        var (mode, services) = Build(new LanguageOptions());
        using var _ = services;

        Assert.Equal(LanguageMode.Defaults, mode);
        Assert.IsType<RuleBasedIntentRecognizer>(services.GetRequiredService<IIntentRecognizer>());
        Assert.IsType<TemplatePropositionDrafter>(services.GetRequiredService<IPropositionDrafter>());
        Assert.IsType<RuleBasedDigestNarrator>(services.GetRequiredService<IDigestNarrator>());
        Assert.IsType<RuleBasedPartnerIdeas>(services.GetRequiredService<IPartnerIdeas>());
    }

    [Theory]
    [InlineData("not a url", "gpt-4o-mini", "key", false)]
    [InlineData("ftp://example.org", "gpt-4o-mini", "key", false)]
    [InlineData("https://api.openai.com/v1", "", "key", false)]
    [InlineData("https://api.openai.com/v1", "gpt-4o-mini", "", false)]
    public void Incomplete_UsesTheDefaults_AndSaysWhy(string endpoint, string model, string key, bool managedIdentity)
    {
        var options = new LanguageOptions { Endpoint = endpoint, ModelId = model, ApiKey = key, UseManagedIdentity = managedIdentity };

        var (mode, services) = Build(options);
        using var _ = services;

        Assert.Equal(LanguageMode.DefaultsMisconfigured, mode);
        Assert.NotNull(options.Problem());
        Assert.IsType<RuleBasedIntentRecognizer>(services.GetRequiredService<IIntentRecognizer>());
    }

    [Theory]
    [InlineData("https://api.openai.com/v1", "key", false)]
    [InlineData("https://my-resource.openai.azure.com/openai/v1/", "", true)]
    public void Configured_PutsTheModelInFrontOfEachDefault(string endpoint, string key, bool managedIdentity)
    {
        var (mode, services) = Build(new LanguageOptions { Endpoint = endpoint, ModelId = "gpt-4o-mini", ApiKey = key, UseManagedIdentity = managedIdentity });
        using var _ = services;

        Assert.Equal(LanguageMode.Model, mode);
        Assert.IsType<ModelIntentRecognizer>(services.GetRequiredService<IIntentRecognizer>());
        Assert.IsType<ModelPropositionDrafter>(services.GetRequiredService<IPropositionDrafter>());
        Assert.IsType<ModelDigestNarrator>(services.GetRequiredService<IDigestNarrator>());
        Assert.IsType<ModelPartnerIdeas>(services.GetRequiredService<IPartnerIdeas>());
    }
}
