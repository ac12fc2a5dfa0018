using PartnerBot.PackageBuilder;

namespace PartnerBot.Deployment.Tests.Support;

/// <summary>Runs the package builder in-process into a folder of its own, with no environment variables visible.</summary>
public sealed class PackageRun : IDisposable
{
    public static readonly IReadOnlyDictionary<string, string> ValidFlags = new Dictionary<string, string>
    {
        ["--app-id"] = "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        ["--bot-id"] = "5e6d7c8b-1111-2222-3333-444455556666",
        ["--privacy-url"] = "https://library.example.org/privacy",
        ["--terms-url"] = "https://library.example.org/terms",
        ["--website-url"] = "https://library.example.org/partnerbot",
    };

    private readonly string folder = Directory.CreateTempSubdirectory("partnerbot-package-").FullName;

    public string PackagePath => Path.Combine(folder, "appPackage.zip");

    public string Output { get; private set; } = "";

    public string Error { get; private set; } = "";

    public static RepoLayout Repo { get; } = RepoLayout.Find();

    public async Task<int> BuildAsync(IReadOnlyDictionary<string, string> flags, IReadOnlyDictionary<string, string>? environment = null)
    {
        var withOutput = new Dictionary<string, string>(flags) { ["--output"] = PackagePath };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await PackageCommand.BuildAsync(Repo, withOutput, name => environment?.GetValueOrDefault(name), output, error);
        (Output, Error) = (output.ToString(), error.ToString());
        return exit;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
