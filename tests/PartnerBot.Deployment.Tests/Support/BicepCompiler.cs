using System.Diagnostics;
using System.Reflection;
using PartnerBot.PackageBuilder;

namespace PartnerBot.Deployment.Tests.Support;

/// <summary>What one run of the Bicep CLI printed.</summary>
public sealed record BicepRun(int ExitCode, string Output, string Diagnostics);

/// <summary>
/// The real Bicep compiler, from NuGet package Azure.Bicep.CommandLine.linux-x64 (restored by a PackageDownload in the
/// test project; its path is written into this assembly at build time).
/// </summary>
public static class BicepCompiler
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    public static string TemplatePath => Path.Combine(RepoLayout.Find().Root, "deployment", "main.bicep");

    /// <summary>`bicep build --stdout`: the ARM JSON on standard output, errors and warnings on standard error.</summary>
    public static BicepRun Build() => Run("build", TemplatePath, "--stdout");

    /// <summary>`bicep lint`: the linter's rules (bicepconfig.json or the defaults); diagnostics on standard error.</summary>
    public static BicepRun Lint() => Run("lint", TemplatePath);

    private static BicepRun Run(params string[] arguments)
    {
        var compiler = Executable();
        var start = new ProcessStartInfo(compiler)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry and no update check: the tests run without internet.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {compiler}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var diagnostics = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Deadline.TotalSeconds:0} s.");
        }

        process.WaitForExit();
        return new BicepRun(process.ExitCode, output.GetAwaiter().GetResult(), diagnostics.GetAwaiter().GetResult().Trim());
    }

    private static string Executable()
    {
        var path = typeof(BicepCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepCompiler")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep compiler is not at '{path}'. It comes with NuGet package Azure.Bicep.CommandLine.linux-x64 (PackageDownload in PartnerBot.Deployment.Tests.csproj); run dotnet restore.");
        }

        // The package ships the Linux compiler; NuGet does not always keep the executable bit of a package's files.
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The template tests run the linux-x64 Bicep compiler.");
        }

        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }

        return path;
    }
}
