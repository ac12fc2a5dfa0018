using System.Collections;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace PartnerBot.Web.Tests.Telemetry;

/// <summary>One exported log line, copied as it is exported (the SDK reuses its records).</summary>
public sealed record CapturedLog(
    string? Category,
    LogLevel Level,
    ActivityTraceId TraceId,
    string? Message,
    IReadOnlyList<KeyValuePair<string, object?>> Attributes,
    IReadOnlyList<KeyValuePair<string, object?>> Scopes)
{
    public object? Scope(string key) => Scopes.LastOrDefault(s => s.Key == key).Value;
}

/// <summary>
/// In-memory exporters added to the app's own OpenTelemetry providers (the host's setup, nothing copied): the spans
/// and log lines as exported, and metric snapshots on demand.
/// </summary>
public sealed class TelemetryCapture
{
    private readonly ExportedSpans spans = new();
    private readonly ExportedLogs logs = new();
    private readonly List<MetricSnapshot> metrics = [];

    public IReadOnlyList<Activity> Spans => spans.Snapshot();

    public IReadOnlyList<CapturedLog> Logs => logs.Snapshot();

    public void AddTo(IServiceCollection services)
    {
        services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans));
        services.ConfigureOpenTelemetryLoggerProvider(l => l.AddInMemoryExporter(logs));
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(metrics));
    }

    /// <summary>Waits, within <paramref name="timeout"/>, until a span that satisfies <paramref name="match"/> was exported.</summary>
    public Task<Activity> SpanAsync(Func<Activity, bool> match, TimeSpan timeout) => spans.WaitAsync(match, timeout);

    /// <summary>Exports the metrics now and returns the sum of a counter's points whose tags include all of <paramref name="tags"/>.</summary>
    public long Counter(IServiceProvider services, string name, params (string Key, string Value)[] tags)
    {
        var provider = services.GetRequiredService<MeterProvider>();
        lock (metrics)
        {
            metrics.Clear();
        }

        Assert.True(provider.ForceFlush(10_000), "The metrics were not exported within 10 s.");
        lock (metrics)
        {
            return metrics.Where(m => m.Name == name)
                .SelectMany(m => m.MetricPoints)
                .Where(p => tags.All(t => HasTag(p, t.Key, t.Value)))
                .Sum(p => p.GetSumLong());
        }
    }

    private static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key && Equals(tag.Value?.ToString(), value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exporter's collection: thread-safe, and it wakes whoever waits for a span.</summary>
    private sealed class ExportedSpans : ICollection<Activity>
    {
        private readonly List<Activity> items = [];
        private readonly List<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Done)> waiters = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public IReadOnlyList<Activity> Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public Task<Activity> WaitAsync(Func<Activity, bool> match, TimeSpan timeout)
        {
            var done = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (items)
            {
                if (items.FirstOrDefault(match) is { } found)
                {
                    return Task.FromResult(found);
                }

                waiters.Add((match, done));
            }

            return done.Task.WaitAsync(timeout);
        }

        public void Add(Activity item)
        {
            lock (items)
            {
                items.Add(item);
                foreach (var waiter in waiters.Where(w => w.Match(item)).ToList())
                {
                    waiters.Remove(waiter);
                    waiter.Done.TrySetResult(item);
                }
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().ToList().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The log exporter's collection: copies each record as it arrives.</summary>
    private sealed class ExportedLogs : ICollection<LogRecord>
    {
        private readonly List<CapturedLog> items = [];

        public int Count => Snapshot().Count;

        public bool IsReadOnly => false;

        public IReadOnlyList<CapturedLog> Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public void Add(LogRecord item)
        {
            var scopes = new List<KeyValuePair<string, object?>>();
            item.ForEachScope(
                static (scope, list) =>
                {
                    foreach (var pair in scope)
                    {
                        list.Add(pair);
                    }
                },
                scopes);
            var copy = new CapturedLog(
                item.CategoryName,
                item.LogLevel,
                item.TraceId,
                item.FormattedMessage ?? item.Body,
                item.Attributes?.ToList() ?? [],
                scopes);
            lock (items)
            {
                items.Add(copy);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(LogRecord item) => false;

        public void CopyTo(LogRecord[] array, int arrayIndex) => throw new NotSupportedException();

        public bool Remove(LogRecord item) => false;

        public IEnumerator<LogRecord> GetEnumerator() => Enumerable.Empty<LogRecord>().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
