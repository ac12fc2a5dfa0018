using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Ecosystem;

/// <summary>
/// The index as it stood in one ISO week: the figure and each part's points (score × weight), so a later week can say
/// which part moved. Numbers only: a snapshot names no partner and no person.
/// </summary>
public sealed record EcosystemSnapshot
{
    /// <summary>The ISO week ("2026-W48"); one snapshot per week.</summary>
    public required string Week { get; init; }
    /// <summary>The Monday the week starts on, for the chart's axis.</summary>
    public required DateOnly FirstDay { get; init; }
    public required int Index { get; init; }
    /// <summary>Each part's points, 0 to its weight.</summary>
    public required IReadOnlyDictionary<EcosystemPartKind, double> Points { get; init; }
    public required DateTimeOffset ComputedAt { get; init; }

    /// <summary>The snapshot of <paramref name="reading"/> for <paramref name="week"/>; null when the reading has no index.</summary>
    public static EcosystemSnapshot? Of(EcosystemReading reading, string week, DateOnly firstDay, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return reading.Index is not { } index ? null : new EcosystemSnapshot
        {
            Week = week,
            FirstDay = firstDay,
            Index = index,
            Points = reading.Parts.ToDictionary(p => p.Kind, p => Math.Round(p.Points, 2)),
            ComputedAt = now,
        };
    }
}

/// <summary>
/// The weekly snapshots of a workspace's index: one partition per workspace, one row per ISO week. Saving a week again
/// replaces that week's row, so a rerun of the digest leaves one row per week.
/// </summary>
public interface IEcosystemSnapshotStore
{
    /// <summary>Writes (or replaces) the snapshot of its week: one write.</summary>
    Task SaveAsync(WorkspaceKey workspace, EcosystemSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>The latest <paramref name="count"/> snapshots of weeks before <paramref name="beforeWeek"/> (all weeks when null), oldest first: one partition query.</summary>
    Task<IReadOnlyList<EcosystemSnapshot>> ListRecentAsync(WorkspaceKey workspace, int count, string? beforeWeek, CancellationToken cancellationToken);
}

/// <summary>A rendered chart: PNG bytes and its size in pixels.</summary>
public sealed record ChartImage(byte[] Png, int Width, int Height)
{
    public string DataUri => "data:image/png;base64," + Convert.ToBase64String(Png);
}

/// <summary>Draws the index over the weeks; the host renders it (Core draws nothing).</summary>
public interface IIndexChart
{
    /// <summary>A line of the index per week, oldest first; at least two points.</summary>
    ChartImage Render(IReadOnlyList<EcosystemPoint> points);
}

/// <summary>One week's figure on the chart.</summary>
public sealed record EcosystemPoint(DateOnly FirstDay, int Index);
