using System.Diagnostics;
using System.Text.Json;

namespace PartnerBot.PackageBuilder;

/// <summary>
/// Checks a manifest against the Teams v1.29 JSON Schema with ajv (npm, draft-04 support from ajv-draft-04),
/// through manifest/tools/validate-manifest.cjs. JsonSchema.Net cannot be restored here, and ajv is the
/// validator the wider JSON Schema world tests against.
/// </summary>
public static class ManifestSchema
{
    /// <summary>Every schema violation as "path: message"; empty when the manifest is valid.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(RepoLayout repo, string manifestJson) =>
        JsonSerializer.Deserialize<string[]>(await RunAsync(repo, manifestJson)) ?? [];

    /// <summary>Checks several manifests in one run of the validator; one list of violations per manifest, in order.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ValidateManyAsync(RepoLayout repo, IReadOnlyList<string> manifestsJson) =>
        JsonSerializer.Deserialize<string[][]>(await RunAsync(repo, "[" + string.Join(",", manifestsJson) + "]")) ?? [];

    private static async Task<string> RunAsync(RepoLayout repo, string input)
    {
        if (!Directory.Exists(Path.Combine(repo.NodeModules, "ajv-draft-04")))
        {
            throw new PackageException($"The schema validator is not installed ({Path.Combine(repo.NodeModules, "ajv-draft-04")}). Run 'npm ci' at the repository root.");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { repo.ValidatorScript, repo.Schema },
            WorkingDirectory = repo.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process node;
        try
        {
            node = Process.Start(start) ?? throw new PackageException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PackageException($"node is needed to check the manifest against its schema and could not be started: {e.Message}");
        }

        using (node)
        {
            await node.StandardInput.WriteAsync(input);
            node.StandardInput.Close();
            var output = node.StandardOutput.ReadToEndAsync();
            var error = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            if (node.ExitCode != 0)
            {
                throw new PackageException($"validate-manifest.cjs failed ({node.ExitCode}): {await error}");
            }

            return await output;
        }
    }
}
