using System.Diagnostics;
using System.Text;

namespace PartnerBot.Testing.Processes;

/// <summary>
/// The bot's built output (<c>src/PartnerBot.Web/bin/{configuration}/net10.0</c>) run as a child process on a free port,
/// as it runs in production, so a test can kill it outright (SIGKILL) and start it again.
/// </summary>
public sealed class BotChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder log;

    private BotChildProcess(Process process, StringBuilder log, int port)
    {
        this.process = process;
        this.log = log;
        Port = port;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>What the bot wrote to stdout and stderr so far, for a failure message.</summary>
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

    /// <summary>The bot built in the same configuration as the calling test assembly (Debug or Release).</summary>
    public static string WebDll(string? configuration = null) =>
        RepoPaths.Combine("src", "PartnerBot.Web", "bin", configuration ?? CurrentConfiguration(), "net10.0", "PartnerBot.Web.dll");

    /// <summary>Starts the bot and waits (at most <paramref name="bound"/>) until it answers /alive.</summary>
    public static async Task<BotChildProcess> StartAsync(IReadOnlyDictionary<string, string> environment, TimeSpan bound, string? dll = null)
    {
        var webDll = dll ?? WebDll();
        if (!File.Exists(webDll))
        {
            throw new FileNotFoundException($"The bot is not built at {webDll}; build the solution first.", webDll);
        }

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

        var log = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The bot did not start.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bot = new BotChildProcess(process, log, port);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The bot exited with {process.ExitCode}:\n{bot.Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"{bot.BaseUrl}/alive"));
                if (response.IsSuccessStatusCode)
                {
                    return bot;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(20);
        }

        await bot.KillAsync();
        throw new TimeoutException($"The bot did not answer /alive within {bound.TotalSeconds:F0} s:\n{bot.Log}");
    }

    /// <summary>SIGKILL to the bot and anything it started, at once; it may take a moment to be gone (see <see cref="KillAsync"/>).</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGKILL to the bot and anything it started; returns once it is gone.</summary>
    public async Task KillAsync()
    {
        Kill();

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(bound.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            // Keep the tail: a long run logs a lot, and a failure message needs only the end.
            if (log.Length > 200_000)
            {
                log.Remove(0, 100_000);
            }

            log.AppendLine(line);
        }
    }

    private static string CurrentConfiguration()
    {
        // …/tests/<Project>/bin/<Configuration>/net10.0/
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return framework.Parent?.Name is { Length: > 0 } configuration && framework.Parent.Parent?.Name == "bin" ? configuration : "Debug";
    }
}
