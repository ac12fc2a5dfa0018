namespace PartnerBot.Deployment.Tests.Support;

/// <summary>The ways the template is meant to be deployed: parameter values beside the defaults.</summary>
public static class Deployments
{
    public const string BotAppId = "00000000-0000-0000-0000-0000000000a1";

    /// <summary>Secret parameter values; none of them may appear in an app setting (Key Vault references only).</summary>
    public const string SecretValue = "not-a-real-secret-value";

    public static readonly IReadOnlyDictionary<string, string> ManagedIdentity = new Dictionary<string, string>();

    public static readonly IReadOnlyDictionary<string, string> ClientSecret = new Dictionary<string, string>
    {
        ["botAppType"] = "SingleTenant",
        ["botAppId"] = BotAppId,
        ["botAppPassword"] = SecretValue,
    };

    public static readonly IReadOnlyDictionary<string, string> LanguageWithIdentity = new Dictionary<string, string>
    {
        ["languageEndpoint"] = "https://partnerbot.openai.azure.com/",
        ["languageModelId"] = "gpt-4o-mini",
    };

    public static readonly IReadOnlyDictionary<string, string> LanguageWithKey = new Dictionary<string, string>(LanguageWithIdentity)
    {
        ["languageApiKey"] = SecretValue,
    };

    public static readonly IReadOnlyDictionary<string, string> ExistingStorageAccount = new Dictionary<string, string>
    {
        ["storageConnectionString"] = SecretValue,
    };

    public const string AlertEmail = "partnerbot-ops@library.example";

    public static readonly IReadOnlyDictionary<string, string> AlertsByEmail = new Dictionary<string, string>
    {
        ["alertEmail"] = AlertEmail,
    };

    public static readonly IReadOnlyDictionary<string, string> StableLinkKey = new Dictionary<string, string>
    {
        ["linkSigningKey"] = SecretValue,
    };

    public static readonly IReadOnlyDictionary<string, string> RotatingLinkKey = new Dictionary<string, string>
    {
        ["linkSigningKey"] = SecretValue,
        ["previousLinkSigningKey"] = SecretValue + "-previous",
    };

    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> All { get; } = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["managed identity"] = ManagedIdentity,
        ["client secret"] = ClientSecret,
        ["language with identity"] = LanguageWithIdentity,
        ["language with key"] = LanguageWithKey,
        ["existing storage account"] = ExistingStorageAccount,
        ["alerts by e-mail"] = AlertsByEmail,
        ["stable link key"] = StableLinkKey,
        ["rotating link key"] = RotatingLinkKey,
    };

    /// <summary>The compiled template's app settings for the named deployment, by name.</summary>
    public static Dictionary<string, string> Settings(string deployment) =>
        ArmTemplate.Compiled.AppSettings(All[deployment]).ToDictionary(s => s.Name, s => s.Value);
}
