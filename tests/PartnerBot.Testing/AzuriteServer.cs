using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PartnerBot.Testing;

/// <summary>
/// The Azurite Table service the integration tests run against: the one test.sh started
/// (PARTNERBOT_TEST_STORAGE holds its connection string), or else one this process starts
/// on a free port and stops when it exits. Tests isolate themselves with their own table-name
/// prefix or tenant ids, never by sharing data.
/// </summary>
public static class AzuriteServer
{
    public const string ConnectionStringVariable = "PARTNERBOT_TEST_STORAGE";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? connectionString;
    private static Process? process;

    public static async Task<string> GetConnectionStringAsync()
    {
        if (connectionString is not null)
        {
            return connectionString;
        }

        await Gate.WaitAsync();
        try
        {
            connectionString ??= Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } fromScript
                ? fromScript
                : await StartAsync();
            return connectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The well-known development account, on the given Table endpoint port.</summary>
    public static string ConnectionStringFor(int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> StartAsync()
    {
        var azurite = Path.Combine(RepoPaths.NodeModules, ".bin", "azurite-table");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed ({azurite}). Run ./test.sh, or npm ci at the repository root.");
        }

        var port = FreePort();
        process = StartWatcher(port);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

        var started = process;
        if (await WaitForPortAsync(port, () => started.HasExited ? $"Azurite exited with code {started.ExitCode}." : null))
        {
            return ConnectionStringFor(port);
        }

        Stop();
        throw new TimeoutException("Azurite did not open its Table port within 30 seconds.");
    }

    /// <summary>
    /// Azurite through a watcher that stops it when this process is gone: the test runner kills test hosts without
    /// running exit handlers. The watcher prints the Azurite process id first.
    /// </summary>
    private static Process StartWatcher(int port, string? location = null)
    {
        var watcher = RepoPaths.Combine("tests", "tools", "azurite-for-tests.cjs");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { watcher, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
    }

    /// <summary>True once the port accepts connections within 30 s; throws when <paramref name="failed"/> says why not.</summary>
    private static async Task<bool> WaitForPortAsync(int port, Func<string?> failed)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                if (failed() is { } why)
                {
                    throw new InvalidOperationException(why);
                }

                await Task.Delay(100);
            }
        }

        return false;
    }

    private static void Stop()
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// An Azurite of the calling test's own, never the shared one, for tests that freeze or stop storage.
    /// Dispose stops it. With <paramref name="location"/> it keeps its tables in that folder (on
    /// <paramref name="port"/>, when given), so it can be stopped, its database changed and started again.
    /// </summary>
    public static async Task<PrivateAzurite> StartPrivateAsync(string? location = null, int? port = null)
    {
        port ??= FreePort();
        var watcherProcess = StartWatcher(port.Value, location);
        var pid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        watcherProcess.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && line.StartsWith("azurite-pid ", StringComparison.Ordinal)
                && int.TryParse(line["azurite-pid ".Length..], System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                pid.TrySetResult(id);
            }
        };
        watcherProcess.ErrorDataReceived += (_, _) => { };
        watcherProcess.BeginOutputReadLine();
        watcherProcess.BeginErrorReadLine();
        var server = new PrivateAzurite(watcherProcess, await pid.Task.WaitAsync(TimeSpan.FromSeconds(30)), ConnectionStringFor(port.Value));

        if (await WaitForPortAsync(port.Value, () => watcherProcess.HasExited ? "The private Azurite exited." : null))
        {
            return server;
        }

        await server.DisposeAsync();
        throw new TimeoutException("The private Azurite did not open its Table port within 30 seconds.");
    }
}

/// <summary>An Azurite process a test owns: it can freeze it (SIGSTOP), as a storage account that hangs, and thaw it.</summary>
public sealed partial class PrivateAzurite(Process watcher, int azuritePid, string connectionString) : IAsyncDisposable
{
    private const int SigInt = 2;
    private const int SigCont = 18;
    private const int SigStop = 19;

    public string ConnectionString { get; } = connectionString;

    /// <summary>Stops the process where it stands: connections stay open and nothing answers.</summary>
    public void Freeze() => Signal(SigStop);

    public void Thaw() => Signal(SigCont);

    /// <summary>Asks Azurite to close (SIGINT), which writes its database to its folder, and waits until it has.</summary>
    public async Task CloseAsync(TimeSpan timeout)
    {
        Signal(SigInt);
        await watcher.WaitForExitAsync().WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Signal(SigCont);
            watcher.Kill(entireProcessTree: true);
            await watcher.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        watcher.Dispose();
    }

    private void Signal(int signal)
    {
        if (Kill(azuritePid, signal) != 0)
        {
            throw new InvalidOperationException($"Could not send signal {signal} to Azurite (pid {azuritePid}).");
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
