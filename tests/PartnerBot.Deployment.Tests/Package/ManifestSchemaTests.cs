using System.Text.Json.Nodes;
using PartnerBot.Deployment.Tests.Support;
using PartnerBot.PackageBuilder;

namespace PartnerBot.Deployment.Tests.Package;

public sealed class ManifestSchemaTests
{
    [Fact]
    public async Task FilledManifest_ValidatesAgainstTeamsSchema()
    {
        using var run = new PackageRun();
        await run.BuildAsync(PackageRun.ValidFlags);
        var manifest = PackageBuildTests.ReadManifest(run.PackagePath);

        var violations = await ManifestSchema.ValidateAsync(PackageRun.Repo, manifest.ToJsonString());

        Assert.Empty(violations);
        Assert.Equal("1.29", (string?)manifest["manifestVersion"]);
    }

    public static TheoryData<string, string> Breakages() => new()
    {
        { "unknown top-level property", """{ "colour": "teal" }""" },
        { "short name over 30 characters", """{ "name": { "short": "PartnerBot for every library in town", "full": "x" } }""" },
        { "short description over 80 characters", """{ "description": { "short": "Find, screen, prioritise and keep up your library's community partnerships, all day.", "full": "x" } }""" },
        { "older manifest version", """{ "manifestVersion": "1.28" }""" },
        { "bot id that is not a GUID", """{ "bots": [ { "botId": "partnerbot", "scopes": [ "personal" ] } ] }""" },
        { "unknown bot scope", """{ "bots": [ { "botId": "5e6d7c8b-1111-2222-3333-444455556666", "scopes": [ "everywhere" ] } ] }""" },
        { "accent colour that is not a hex colour", """{ "accentColor": "teal" }""" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task Validate_ManifestBreakingSchema_ReportsViolation(string breakage, string patch)
    {
        using var run = new PackageRun();
        await run.BuildAsync(PackageRun.ValidFlags);
        var manifest = PackageBuildTests.ReadManifest(run.PackagePath);
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject())
        {
            manifest[key] = value?.DeepClone();
        }

        var violations = await ManifestSchema.ValidateAsync(PackageRun.Repo, manifest.ToJsonString());

        Assert.True(violations.Count > 0, $"The schema accepted a manifest with {breakage}.");
    }

    [Fact]
    public async Task Validate_MissingRequiredProperty_NamesIt()
    {
        using var run = new PackageRun();
        await run.BuildAsync(PackageRun.ValidFlags);
        var manifest = PackageBuildTests.ReadManifest(run.PackagePath);
        manifest.Remove("developer");

        var violations = await ManifestSchema.ValidateAsync(PackageRun.Repo, manifest.ToJsonString());

        Assert.Contains(violations, v => v.Contains("developer", StringComparison.Ordinal));
    }
}
