using System.Text.RegularExpressions;
using PartnerBot.PackageBuilder;

namespace PartnerBot.Deployment.Tests.Support;

/// <summary>One app setting as the template writes it: its key and the Bicep expression for its value.</summary>
public sealed record BicepSetting(string Name, string ValueExpression)
{
    /// <summary>The value when the template writes a plain string literal; null for expressions.</summary>
    public string? Literal => ValueExpression is ['\'', .. var inner, '\''] && !inner.Contains("${", StringComparison.Ordinal) && !inner.Contains('\'') ? inner : null;
}

/// <summary>
/// A reading of deployment/main.bicep as text (there is no Bicep CLI here). The template keeps its app settings
/// in variables named *Settings, one per situation, and concatenates them into appSettings; this reads those groups.
/// </summary>
public sealed partial record BicepTemplate(string Text)
{
    public static BicepTemplate Load() => new(File.ReadAllText(Path.Combine(RepoLayout.Find().Root, "deployment", "main.bicep")));

    public static string ParametersFile => Path.Combine(RepoLayout.Find().Root, "deployment", "main.parameters.json");

    public IReadOnlyDictionary<string, IReadOnlyList<BicepSetting>> SettingGroups =>
        SettingGroup().Matches(Text).ToDictionary(
            m => m.Groups["group"].Value,
            m => (IReadOnlyList<BicepSetting>)SettingEntry().Matches(m.Groups["body"].Value)
                .Select(e => new BicepSetting(e.Groups["name"].Value, e.Groups["value"].Value.Trim()))
                .ToList());

    public IReadOnlyList<BicepSetting> Settings(params string[] groups) => groups.SelectMany(g => SettingGroups[g]).ToList();

    /// <summary>The app settings for the bot's managed identity (the default), without a language model.</summary>
    public IReadOnlyList<BicepSetting> ManagedIdentitySettings => Settings("commonSettings", "managedIdentityBotSettings");

    /// <summary>The app settings for a single-tenant app registration with a client secret.</summary>
    public IReadOnlyList<BicepSetting> ClientSecretSettings => Settings("commonSettings", "clientSecretBotSettings");

    public string AppSettingsExpression => AppSettingsLine().Match(Text).Groups["expr"].Value;

    /// <summary>Parameter name → whether it has a default value.</summary>
    public IReadOnlyDictionary<string, bool> Parameters =>
        Parameter().Matches(Text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Success);

    public IReadOnlySet<string> DeclaredSymbols =>
        Declaration().Matches(Text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Identifiers used as symbol.properties, symbol.id or symbol.name.</summary>
    public IReadOnlySet<string> ReferencedSymbols =>
        SymbolUse().Matches(Text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The parameter's decorators and declaration: everything from the end of the previous declaration.</summary>
    public string ParameterBlock(string name)
    {
        var at = Text.IndexOf($"\nparam {name} ", StringComparison.Ordinal);
        var before = Text.LastIndexOf("\n\n", at, StringComparison.Ordinal);
        return Text[before..Text.IndexOf('\n', at + 1)];
    }

    [GeneratedRegex(@"^var (?<group>\w+Settings) = \[\n(?<body>.*?)\n\]", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SettingGroup();

    [GeneratedRegex(@"name: '(?<name>[^']+)'\s*\n\s*value: (?<value>[^\n]+)")]
    private static partial Regex SettingEntry();

    [GeneratedRegex(@"^var appSettings = (?<expr>.+)$", RegexOptions.Multiline)]
    private static partial Regex AppSettingsLine();

    [GeneratedRegex(@"^param (?<name>\w+) \w+(?<default> = .+)?$", RegexOptions.Multiline)]
    private static partial Regex Parameter();

    [GeneratedRegex(@"^(?:param|var|resource|output) (?<name>\w+) ", RegexOptions.Multiline)]
    private static partial Regex Declaration();

    [GeneratedRegex(@"(?<![\w.'])(?<name>[a-z]\w*)!?\.(?:properties|id|name)\b")]
    private static partial Regex SymbolUse();
}
