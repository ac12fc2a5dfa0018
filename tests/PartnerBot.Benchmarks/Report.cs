using System.Globalization;
using System.Text;

namespace PartnerBot.Benchmarks;

/// <summary>One concurrency level: the raw read-plus-write rate and the bot's turns, measured back to back.</summary>
internal sealed record Level(int Users, LoadResult Raw, LoadResult Turns);

/// <summary>The figures of one run, as the Markdown table written to docs/benchmarks.md.</summary>
internal sealed class Report(int cores)
{
    public List<Level> Levels { get; } = [];

    public double StartupMs { get; set; }

    public double TransactionsPerTurn { get; set; }

    public double PeakMemoryMiB { get; set; }

    public int TurnErrors { get; set; }

    public FanOut.Result? FanOut { get; set; }

    public string ToMarkdown(int seconds)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine(c, $"Written by `./bench.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {cores} cores, {seconds} s per measurement. ");
        md.AppendLine("The bot runs as a Release process with authentication on (channel tokens signed by a local key); replies go to a local fake Bot Connector; storage is Azurite.");
        md.AppendLine();
        md.AppendLine("## Turns against the storage limit");
        md.AppendLine();
        md.AppendLine("A turn is timed from `POST /api/messages` until its reply reaches the fake connector. The raw rate is one read plus one write with Azure.Data.Tables alone, measured just before the turns at the same concurrency.");
        md.AppendLine();
        md.AppendLine("| Users | Turns/s | p50 ms | p95 ms | p99 ms | Raw read+write/s | Raw p99 ms | Turns/s ÷ raw | p99 ÷ raw p99 |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var l in Levels)
        {
            md.AppendLine(c, $"| {l.Users} | {l.Turns.PerSecond:F0} | {l.Turns.P50:F1} | {l.Turns.P95:F1} | {l.Turns.P99:F1} | {l.Raw.PerSecond:F0} | {l.Raw.P99:F1} | {l.Turns.PerSecond / l.Raw.PerSecond:F2} | {l.Turns.P99 / l.Raw.P99:F2} |");
        }

        md.AppendLine();
        md.AppendLine(c, $"- Table transactions per turn (median, counted by a proxy in front of Azurite): {TransactionsPerTurn:F0}");
        md.AppendLine(c, $"- The bot's peak memory (VmHWM) over all turn runs: {PeakMemoryMiB:F0} MiB");
        md.AppendLine(c, $"- Turns without a reply within 20 s or refused: {TurnErrors}");
        md.AppendLine();
        md.AppendLine("## Start-up");
        md.AppendLine();
        md.AppendLine(c, $"Process start to the first successful `/alive`, median of three cold starts: {StartupMs:F0} ms.");
        if (FanOut is { } f)
        {
            md.AppendLine();
            md.AppendLine("## Fan-out");
            md.AppendLine();
            md.AppendLine(c, $"{f.Messages:N0} proactive messages to one tenant through the connector client, 16 senders, the fake connector allowing 50 requests per second (429 with Retry-After beyond).");
            md.AppendLine();
            md.AppendLine("| Time s | Minimum s | Time ÷ minimum | Lost | Duplicated | 429s answered | Sends that gave up |");
            md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            md.AppendLine(c, $"| {f.Elapsed.TotalSeconds:F1} | {f.Minimum.TotalSeconds:F0} | {f.Elapsed / f.Minimum:F2} | {f.Lost} | {f.Duplicated} | {f.Throttled} | {f.Failed} |");
        }

        return md.ToString();
    }
}
