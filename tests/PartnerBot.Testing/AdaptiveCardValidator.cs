using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace PartnerBot.Testing;

/// <summary>
/// Checks cards with the official Adaptive Cards parser (npm adaptivecards), through
/// tests/tools/validate-cards.cjs. Every parse or validation event counts as a problem:
/// unknown elements, unknown properties, invalid values, duplicate input ids.
/// </summary>
public static class AdaptiveCardValidator
{
    /// <summary>Returns one list of problems per card, in order.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ValidateAsync(IReadOnlyList<JsonObject> cards)
    {
        var script = RepoPaths.Combine("tests", "tools", "validate-cards.cjs");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script },
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var array = new JsonArray(cards.Select(c => (JsonNode)c.DeepClone()).ToArray());
        await node.StandardInput.WriteAsync(array.ToJsonString());
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"validate-cards.cjs failed ({node.ExitCode}): {await error}");
        }

        using var results = JsonDocument.Parse(await output);
        return results.RootElement.EnumerateArray()
            .Select(r => (IReadOnlyList<string>)r.GetProperty("problems").EnumerateArray().Select(p => p.GetString() ?? "").ToList())
            .ToList();
    }

    /// <summary>Fails with every problem of every card named.</summary>
    public static async Task AssertValidAsync(IReadOnlyDictionary<string, JsonObject> cardsByName)
    {
        var names = cardsByName.Keys.ToList();
        var results = await ValidateAsync(names.Select(n => cardsByName[n]).ToList());
        var failures = names.Zip(results)
            .Where(x => x.Second.Count > 0)
            .Select(x => $"{x.First}: {string.Join("; ", x.Second)}")
            .ToList();
        Assert.True(failures.Count == 0, "Cards the Adaptive Cards parser rejects:\n" + string.Join('\n', failures));
    }
}
