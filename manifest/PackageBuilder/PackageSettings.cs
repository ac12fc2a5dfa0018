using System.Text.RegularExpressions;

namespace PartnerBot.PackageBuilder;

/// <summary>One value the manifest template needs: a flag, the environment variable behind it, and how it is checked.</summary>
public sealed record PackageSetting(string Flag, string Placeholder, string Help, string? Default, Func<string, string?> Check)
{
    /// <summary>The environment variable, which is also the placeholder's name in manifest.json: PARTNERBOT_APP_ID for --app-id.</summary>
    public string EnvironmentVariable => Placeholder;
}

/// <summary>The values a package needs, taken from flags first, then environment variables, then defaults.</summary>
public static partial class PackageSettings
{
    public static IReadOnlyList<PackageSetting> All { get; } =
    [
        new("--app-id", "PARTNERBOT_APP_ID", "the Teams app id: a GUID you create once (uuidgen) and keep for every version", null, Guid),
        new("--bot-id", "PARTNERBOT_BOT_ID", "the bot's Microsoft App ID (the deployment output botAppId)", null, Guid),
        new("--privacy-url", "PARTNERBOT_PRIVACY_URL", "your privacy statement (https)", null, HttpsUrl),
        new("--terms-url", "PARTNERBOT_TERMS_URL", "your terms of use (https)", null, HttpsUrl),
        new("--website-url", "PARTNERBOT_WEBSITE_URL", "where people find support for the app (https)", null, HttpsUrl),
        new("--developer-name", "PARTNERBOT_DEVELOPER_NAME", "who publishes the app, e.g. your library (≤ 32 characters)", "PartnerBot", DeveloperName),
        new("--version", "PARTNERBOT_APP_VERSION", "the package version; raise it for every upload (semver)", "1.0.0", SemVer),
    ];

    /// <summary>Resolves every setting. Returns the values by placeholder name, or the problems found (missing or malformed values).</summary>
    public static (IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Problems) Resolve(
        IReadOnlyDictionary<string, string> flags, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var setting in All)
        {
            var value = flags.TryGetValue(setting.Flag, out var fromFlag) ? fromFlag
                : environment(setting.EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
                : setting.Default;
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"Missing {setting.Flag} (or {setting.EnvironmentVariable}): {setting.Help}.");
                continue;
            }

            value = value.Trim();
            if (setting.Check(value) is { } problem)
            {
                problems.Add($"{setting.Flag} '{value}' {problem}.");
                continue;
            }

            values[setting.Placeholder] = value;
        }

        return (values, problems);
    }

    private static string? Guid(string value) =>
        System.Guid.TryParseExact(value, "D", out _) ? null : "is not a GUID like 00000000-0000-0000-0000-000000000000";

    private static string? HttpsUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host)
            ? null
            : "is not an absolute https URL";

    private static string? DeveloperName(string value) => value.Length <= 32 ? null : "is longer than 32 characters";

    private static string? SemVer(string value) => SemVerPattern().IsMatch(value) ? null : "is not a version like 1.0.0";

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVerPattern();
}
