using System.IO.Compression;
using System.Text.Json.Nodes;
using PartnerBot.Deployment.Tests.Support;
using PartnerBot.PackageBuilder;

namespace PartnerBot.Deployment.Tests.Package;

public sealed class PackageBuildTests(BuiltPackage package) : IClassFixture<BuiltPackage>
{
    [Fact]
    public void Build_AllValues_WritesExactlyManifestAndIconsAtZipRoot()
    {
        Assert.Equal(["color.png", "manifest.json", "outline.png"], package.EntryNames.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_AllValues_FillsIdsUrlsAndDefaults()
    {
        var manifest = package.Manifest;
        Assert.Equal("3f2504e0-4f89-11d3-9a0c-0305e82c3301", (string?)manifest["id"]);
        Assert.Equal("5e6d7c8b-1111-2222-3333-444455556666", (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal("https://library.example.org/privacy", (string?)manifest["developer"]!["privacyUrl"]);
        Assert.Equal("https://library.example.org/terms", (string?)manifest["developer"]!["termsOfUseUrl"]);
        Assert.Equal("PartnerBot", (string?)manifest["developer"]!["name"]);
        Assert.Equal("1.0.0", (string?)manifest["version"]);
        Assert.DoesNotContain("${{", manifest.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_ValuesFromEnvironment_AreUsedWhenNoFlagGiven()
    {
        using var run = new PackageRun();
        var environment = PackageSettings.All
            .Where(s => PackageRun.ValidFlags.ContainsKey(s.Flag))
            .ToDictionary(s => s.EnvironmentVariable, s => PackageRun.ValidFlags[s.Flag]);
        environment["PARTNERBOT_APP_VERSION"] = "2.3.4";

        var exit = await run.BuildAsync(new Dictionary<string, string>(), environment);

        Assert.True(exit == PackageCommand.Ok, run.Error);
        Assert.Equal("2.3.4", (string?)ReadManifest(run.PackagePath)["version"]);
    }

    [Theory]
    [InlineData("--app-id")]
    [InlineData("--bot-id")]
    [InlineData("--privacy-url")]
    [InlineData("--terms-url")]
    [InlineData("--website-url")]
    public async Task Build_MissingValue_RefusesNamingItAndWritesNothing(string flag)
    {
        using var run = new PackageRun();
        var flags = PackageRun.ValidFlags.Where(f => f.Key != flag).ToDictionary();

        var exit = await run.BuildAsync(flags);

        Assert.Equal(PackageCommand.Usage, exit);
        Assert.Contains($"Missing {flag}", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(run.PackagePath));
    }

    [Theory]
    [InlineData("--app-id", "not-a-guid")]
    [InlineData("--bot-id", "{5e6d7c8b-1111-2222-3333-444455556666}")]
    [InlineData("--privacy-url", "http://library.example.org/privacy")]
    [InlineData("--terms-url", "/terms")]
    [InlineData("--version", "1.0")]
    [InlineData("--developer-name", "A library name that is far too long for Teams")]
    public async Task Build_MalformedValue_RefusesNamingIt(string flag, string value)
    {
        using var run = new PackageRun();
        var flags = new Dictionary<string, string>(PackageRun.ValidFlags) { [flag] = value };

        var exit = await run.BuildAsync(flags);

        Assert.Equal(PackageCommand.Usage, exit);
        Assert.Contains(flag, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(run.PackagePath));
    }

    [Fact]
    public async Task Build_DeveloperNameWithQuotesAndSlashes_StaysValidJson()
    {
        using var run = new PackageRun();
        var flags = new Dictionary<string, string>(PackageRun.ValidFlags) { ["--developer-name"] = "Bib \"Nord\" / Süd \\ #1?" };

        var exit = await run.BuildAsync(flags);

        Assert.True(exit == PackageCommand.Ok, run.Error);
        Assert.Equal("Bib \"Nord\" / Süd \\ #1?", (string?)ReadManifest(run.PackagePath)["developer"]!["name"]);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_IsAUsageError()
    {
        using var error = new StringWriter();

        var exit = await PackageCommand.RunAsync(["--app-idd", "x"], _ => null, TextWriter.Null, error);

        Assert.Equal(PackageCommand.Usage, exit);
        Assert.Contains("--app-idd", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fill_TemplateWithUnknownPlaceholder_Throws()
    {
        var template = """{ "id": "${{PARTNERBOT_SOMETHING_ELSE}}", "bots": [ { "botId": "x" } ] }""";

        var e = Assert.Throws<PackageException>(() => ManifestTemplate.Fill(template, new Dictionary<string, string>(), [], []));

        Assert.Contains("PARTNERBOT_SOMETHING_ELSE", e.Message, StringComparison.Ordinal);
    }

    internal static JsonObject ReadManifest(string packagePath)
    {
        using var zip = ZipFile.OpenRead(packagePath);
        using var stream = zip.GetEntry("manifest.json")!.Open();
        return JsonNode.Parse(stream)!.AsObject();
    }
}
