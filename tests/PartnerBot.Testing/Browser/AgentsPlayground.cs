using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PartnerBot.Testing.Browser;

/// <summary>
/// The Microsoft 365 Agents Playground (npm <c>@microsoft/m365agentsplayground</c>), Microsoft's Teams emulator, as a
/// child process talking to a bot's <c>/api/messages</c>. It mocks Teams with the repository's
/// <c>.m365agentsplayground.yml</c> under a tenant id of its own, so each playground is a new library with a new
/// first admin, and serves its own connector at <see cref="ConnectorUrl"/>.
/// </summary>
public sealed partial class AgentsPlayground : IAsyncDisposable
{
    /// <summary>The repository's mocked Teams (run.sh uses it too).</summary>
    public static readonly string ConfigFile = RepoPaths.Combine(".m365agentsplayground.yml");

    private readonly Process process;
    private readonly StringBuilder log;
    private readonly string folder;

    private AgentsPlayground(Process process, StringBuilder log, string folder, string tenantId)
    {
        this.process = process;
        this.log = log;
        this.folder = folder;
        TenantId = tenantId;
    }

    /// <summary>The port it listens on (it takes another when the one asked for is taken meanwhile).</summary>
    public int Port { get; private set; }

    /// <summary>e.g. http://localhost:56150 — the page a person opens.</summary>
    public string Url => "http://localhost:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The service URL the playground puts on its activities; the bot replies there.</summary>
    public string ConnectorUrl => Url + "/_connector";

    /// <summary>The mocked tenant, new for each playground.</summary>
    public string TenantId { get; }

    /// <summary>What the playground wrote to stdout and stderr so far, for a failure message.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts the playground for <paramref name="botEndpoint"/> on a free port and waits until it listens.</summary>
    public static async Task<AgentsPlayground> StartAsync(string botEndpoint, TimeSpan bound)
    {
        var cli = Path.Combine(RepoPaths.NodeModules, "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"The Agents Playground is not installed ({cli}). Run ./test.sh, or npm ci at the repository root.");
        }

        var tenantId = Guid.NewGuid().ToString();
        var folder = Directory.CreateTempSubdirectory("partnerbot-playground-").FullName;
        var config = Path.Combine(folder, ".m365agentsplayground.yml");
        var yaml = TenantLine().Replace(await File.ReadAllTextAsync(ConfigFile), "tenantId: " + tenantId, 1);
        await File.WriteAllTextAsync(config, yaml);

        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                RepoPaths.Combine("tests", "PartnerBot.Testing", "Browser", "playground-for-tests.cjs"),
                Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                "-e", botEndpoint, "-c", "msteams", "-p", AzuriteServer.FreePort().ToString(CultureInfo.InvariantCulture), "--dt",
            },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = config;
        start.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(folder, "playground.log");
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";

        var log = new StringBuilder();
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The Agents Playground did not start.");
        void Read(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not { } line)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            if (ListeningLine().Match(line) is { Success: true } m)
            {
                listening.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The Agents Playground exited before it listened."));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var playground = new AgentsPlayground(process, log, folder, tenantId);
        try
        {
            playground.Port = await listening.Task.WaitAsync(bound);
            return playground;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            await playground.DisposeAsync();
            throw new InvalidOperationException($"The Agents Playground did not listen within {bound.TotalSeconds} s: {e.Message}\n{playground.Log}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A log file still open; the temporary folder is cleaned up with the others.
        }
    }

    [GeneratedRegex(@"^tenantId:.*$", RegexOptions.Multiline)]
    private static partial Regex TenantLine();

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();
}
