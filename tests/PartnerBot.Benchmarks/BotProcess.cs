using System.Diagnostics;
using System.Globalization;
using PartnerBot.Testing;

namespace PartnerBot.Benchmarks;

/// <summary>The bot as a separate Release process, the way it runs in production, with its peak memory read from /proc.</summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly Process process;

    private BotProcess(Process process, int port, TimeSpan startup)
    {
        this.process = process;
        Port = port;
        Startup = startup;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Process start to the first successful /alive.</summary>
    public TimeSpan Startup { get; }

    public static string WebDll => RepoPaths.Combine("src", "PartnerBot.Web", "bin", "Release", "net10.0", "PartnerBot.Web.dll");

    /// <summary>A ReadyToRun publish of the bot, when bench.sh made one: the same code, compiled ahead of time.</summary>
    public static string ReadyToRunDll => RepoPaths.Combine("artifacts", "bench-r2r", "PartnerBot.Web.dll");

    public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string? dll = null)
    {
        var webDll = dll ?? WebDll;
        var port = AzuriteServer.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { webDll, "--urls", $"http://127.0.0.1:{port}" },
            WorkingDirectory = Path.GetDirectoryName(webDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The bot did not start.");
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The bot exited with {process.ExitCode}:\n{log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/alive"));
                if (response.IsSuccessStatusCode)
                {
                    return new BotProcess(process, port, clock.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(5);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The bot did not answer /alive within 60 s:\n{log}");
    }

    /// <summary>Peak resident memory (VmHWM) of the bot process, in MiB.</summary>
    public double PeakMemoryMiB()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        if (line is null)
        {
            return double.NaN;
        }

        var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
