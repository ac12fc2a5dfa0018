using System.Text.Json.Nodes;
using PartnerBot.Deployment.Tests.Package;
using PartnerBot.PackageBuilder;

namespace PartnerBot.Deployment.Tests.Support;

/// <summary>One package built with valid values, shared by a test class: each build runs the schema check, which takes seconds.</summary>
public sealed class BuiltPackage : IAsyncLifetime
{
    private readonly PackageRun run = new();

    public JsonObject Manifest { get; private set; } = [];

    public IReadOnlyList<string> EntryNames { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var exit = await run.BuildAsync(PackageRun.ValidFlags);
        if (exit != PackageCommand.Ok)
        {
            throw new InvalidOperationException("The package did not build: " + run.Error);
        }

        Manifest = PackageBuildTests.ReadManifest(run.PackagePath);
        using var zip = System.IO.Compression.ZipFile.OpenRead(run.PackagePath);
        EntryNames = zip.Entries.Select(e => e.FullName).ToList();
    }

    public Task DisposeAsync()
    {
        run.Dispose();
        return Task.CompletedTask;
    }
}
