using System.Text.Json.Nodes;
using PartnerBot.Deployment.Tests.Support;
using PartnerBot.PackageBuilder;

namespace PartnerBot.Deployment.Tests.Package;

public sealed class ManifestSchemaTests(BuiltPackage package) : IClassFixture<BuiltPackage>
{
    private static readonly Dictionary<string, string> Breakages = new()
    {
        ["unknown top-level property"] = """{ "colour": "teal" }""",
        ["short name over 30 characters"] = """{ "name": { "short": "PartnerBot for every library in town", "full": "x" } }""",
        ["short description over 80 characters"] = """{ "description": { "short": "Find, screen, prioritise and keep up your library's community partnerships, all day.", "full": "x" } }""",
        ["older manifest version"] = """{ "manifestVersion": "1.28" }""",
        ["bot id that is not a GUID"] = """{ "bots": [ { "botId": "partnerbot", "scopes": [ "personal" ] } ] }""",
        ["unknown bot scope"] = """{ "bots": [ { "botId": "5e6d7c8b-1111-2222-3333-444455556666", "scopes": [ "everywhere" ] } ] }""",
        ["accent colour that is not a hex colour"] = """{ "accentColor": "teal" }""",
        ["thirteen commands in one scope"] = """{ "bots": [ { "botId": "5e6d7c8b-1111-2222-3333-444455556666", "commandLists": [ { "scopes": [ "personal" ], "commands": [ {"title":"a"},{"title":"b"},{"title":"c"},{"title":"d"},{"title":"e"},{"title":"f"},{"title":"g"},{"title":"h"},{"title":"i"},{"title":"j"},{"title":"k"},{"title":"l"},{"title":"m"} ] } ] } ] }""",
        ["no developer"] = """{ "developer": null }""",
    };

    [Fact]
    public async Task FilledManifest_ValidatesAgainstTeamsSchema()
    {
        var violations = await ManifestSchema.ValidateAsync(PackageRun.Repo, package.Manifest.ToJsonString());

        Assert.Empty(violations);
        Assert.Equal("1.29", (string?)package.Manifest["manifestVersion"]);
    }

    [Fact]
    public async Task Validate_ManifestsBreakingSchema_EachReportViolations()
    {
        var names = Breakages.Keys.ToList();
        var broken = names.Select(name => Patch(package.Manifest, Breakages[name]).ToJsonString()).ToList();

        var results = await ManifestSchema.ValidateManyAsync(PackageRun.Repo, [package.Manifest.ToJsonString(), .. broken]);

        Assert.Empty(results[0]);
        var accepted = names.Where((_, i) => results[i + 1].Count == 0).ToList();
        Assert.True(accepted.Count == 0, "The schema accepted a manifest with: " + string.Join(", ", accepted));
    }

    [Fact]
    public async Task Validate_MissingRequiredProperty_NamesIt()
    {
        var manifest = package.Manifest.DeepClone().AsObject();
        manifest.Remove("developer");

        var violations = await ManifestSchema.ValidateAsync(PackageRun.Repo, manifest.ToJsonString());

        Assert.Contains(violations, v => v.Contains("developer", StringComparison.Ordinal));
    }

    private static JsonObject Patch(JsonObject manifest, string patch)
    {
        var copy = manifest.DeepClone().AsObject();
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject())
        {
            if (value is null)
            {
                copy.Remove(key);
            }
            else
            {
                copy[key] = value.DeepClone();
            }
        }

        return copy;
    }
}
