using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.Deployment.Tests.Support;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Deployment.Tests.Drift;

/// <summary>The app's start-up requirements and the template's app settings must not drift apart.</summary>
public sealed class ConfigurationDriftTests
{
    public static TheoryData<string> Modes() => ["managed identity", "client secret"];

    public static TheoryData<string, string> RequiredSettings() => new()
    {
        { "managed identity", "Bot__AppId" },
        { "managed identity", "Bot__TenantId" },
        { "managed identity", "Bot__ManagedIdentityClientId" },
        { "managed identity", "Storage__TableServiceUri" },
        { "client secret", "Bot__AppId" },
        { "client secret", "Bot__TenantId" },
        { "client secret", "Bot__AppPassword" },
        { "client secret", "Storage__TableServiceUri" },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Start_InProductionWithOnlyTheTemplatesSettings_PassesValidation(string mode)
    {
        using var factory = new TemplateHostFactory(SettingsFor(mode));

        var services = factory.Start();

        var bot = services.GetRequiredService<IOptions<BotOptions>>().Value;
        var storage = services.GetRequiredService<IOptions<TableStorageOptions>>().Value;
        Assert.Equal(mode == "managed identity" ? BotAppTypes.UserAssignedMsi : BotAppTypes.SingleTenant, bot.AppType);
        Assert.False(bot.IsDevelopmentMode);
        Assert.Equal(new Uri(DummyTableServiceUri), storage.TableServiceUri);
        Assert.True(string.IsNullOrEmpty(storage.ConnectionString));
    }

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void Start_WithoutARequiredSetting_FailsNamingIt(string mode, string key)
    {
        var settings = SettingsFor(mode);
        Assert.True(settings.Remove(key), $"The template does not set {key} in {mode} mode.");

        var error = Assert.ThrowsAny<Exception>(() => TemplateHostFactory.Validate(settings));

        Assert.Contains(key.Replace("__", ":", StringComparison.Ordinal), Flatten(error), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Start_WithLanguageSettings_StillPassesValidation()
    {
        var settings = SettingsFor("language with identity");
        Assert.Contains("Language__Endpoint", settings.Keys);

        using var factory = new TemplateHostFactory(settings);

        Assert.NotNull(factory.Start().GetRequiredService<IOptions<BotOptions>>().Value);
    }

    [Fact]
    public void Start_WithExistingAccountConnectionString_UsesIt()
    {
        var settings = SettingsFor("existing storage account");

        using var factory = new TemplateHostFactory(settings);

        Assert.Equal(DummyConnectionString, factory.Start().GetRequiredService<IOptions<TableStorageOptions>>().Value.ConnectionString);
    }

    [Fact]
    public void TemplateKeys_AreProperties_OfTheOptionsClassForTheirSection()
    {
        var sections = typeof(Program).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name?.StartsWith("PartnerBot.", StringComparison.Ordinal) == true)
            .Select(Assembly.Load)
            .Append(typeof(Program).Assembly)
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(x => x.Section is not null)
            .ToDictionary(x => x.Section!, x => x.Type);
        var keys = Deployments.All.Keys.SelectMany(d => Deployments.Settings(d).Keys).Where(k => k.Contains("__", StringComparison.Ordinal)).Distinct().ToList();

        Assert.Contains("Bot", sections.Keys);
        Assert.Contains("Storage", sections.Keys);

        // A section whose options class has not reached this branch yet (Language, before it merges) is checked once it has.
        // Section__Sub__Key binds Key of the options class whose section is "Section:Sub".
        var unknown = keys
            .Select(k => (Key: k, Section: string.Join(':', k.Split("__")[..^1]), Property: k.Split("__")[^1]))
            .Where(p => !sections.TryGetValue(p.Section, out var type) || type.GetProperty(p.Property, BindingFlags.Public | BindingFlags.Instance) is null)
            .Select(p => p.Key)
            .ToList();
        Assert.True(unknown.Count == 0, "The template sets keys no options class reads: " + string.Join(", ", unknown));
    }

    private const string DummyTableServiceUri = "https://stpartnerbotdrift.table.core.windows.net/";

    // App Service resolves the Key Vault reference before the app sees it; the app gets the connection string itself.
    private const string DummyConnectionString = "DefaultEndpointsProtocol=https;AccountName=existing;AccountKey=ZHVtbXk=;EndpointSuffix=core.windows.net";

    /// <summary>The compiled template's settings for that deployment, as App Service would hand them to the app.</summary>
    private static Dictionary<string, string> SettingsFor(string deployment) =>
        Deployments.Settings(deployment).ToDictionary(s => s.Key, s => DummyValue(s.Key, s.Value));

    /// <summary>
    /// The template's literal value, or a stand-in of the right shape for a value Azure fills in at deployment (a
    /// resource's property, a generated name) or App Service resolves first (a Key Vault reference).
    /// </summary>
    private static string DummyValue(string name, string value) =>
        !value.Contains('<', StringComparison.Ordinal) && !value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal) ? value : name switch
        {
            "Bot__AppId" or "Bot__TenantId" or "Bot__ManagedIdentityClientId" or "Storage__ManagedIdentityClientId" or "Language__ManagedIdentityClientId"
                => "00000000-0000-0000-0000-0000000000d1",
            "Storage__TableServiceUri" => DummyTableServiceUri,
            "Storage__ConnectionString" => DummyConnectionString,
            "Bot__AppPassword" or "Language__ApiKey" => "@Microsoft.KeyVault(SecretUri=https://kv-partnerbot.vault.azure.net/secrets/x/)",
            "Language__Endpoint" => "https://partnerbot-drift.openai.azure.com/",
            "Language__ModelId" => "gpt-4o-mini",
            "FollowThrough__Export__PublicBaseUrl" => "https://partnerbot-drift.azurewebsites.net",
            "FollowThrough__Export__SigningKey" => Convert.ToBase64String(new byte[48]),
            "APPLICATIONINSIGHTS_CONNECTION_STRING" => "InstrumentationKey=00000000-0000-0000-0000-0000000000d1;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
            _ => throw new InvalidOperationException($"No stand-in value for {name} ({value}); add one here."),
        };

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
