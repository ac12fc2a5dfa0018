namespace PartnerBot.Core.Ecosystem;

/// <summary>
/// This week's index beside the weeks before it: the change since last week, the part that moved most, and the points
/// of the chart (the past weeks' snapshots and this week's live figure).
/// </summary>
public sealed record EcosystemSummary
{
    /// <summary>Weeks the chart shows, this one included.</summary>
    public const int ChartWeeks = 12;

    public required EcosystemReading Current { get; init; }
    public required string Week { get; init; }
    public required DateOnly FirstDay { get; init; }
    /// <summary>The index of the latest week before this one that has a snapshot; null when none has.</summary>
    public int? Previous { get; init; }
    /// <summary>The week <see cref="Previous"/> is from.</summary>
    public string? PreviousWeek { get; init; }
    /// <summary>Index now minus <see cref="Previous"/>; null without both.</summary>
    public int? Change { get; init; }
    /// <summary>The part whose points changed most since <see cref="PreviousWeek"/> (null when none moved), and by how many points.</summary>
    public EcosystemPartKind? MovedMost { get; init; }
    public double MovedBy { get; init; }
    /// <summary>The chart's points, oldest first, this week last (when it has an index).</summary>
    public required IReadOnlyList<EcosystemPoint> History { get; init; }
    /// <summary>The chart, when there are at least two points and the host renders one.</summary>
    public ChartImage? Chart { get; init; }

    public bool HasChart => History.Count >= 2;

    /// <summary>
    /// The summary of <paramref name="current"/> in <paramref name="week"/>, against <paramref name="earlier"/>: snapshots
    /// of weeks before it, oldest first (a snapshot of this week itself is ignored: the live reading stands for it).
    /// </summary>
    public static EcosystemSummary Build(EcosystemReading current, string week, DateOnly firstDay, IReadOnlyList<EcosystemSnapshot> earlier)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(earlier);
        var before = earlier.Where(s => string.CompareOrdinal(s.Week, week) < 0).OrderBy(s => s.Week, StringComparer.Ordinal).ToList();
        var last = before.LastOrDefault();
        var points = before.Select(s => new EcosystemPoint(s.FirstDay, s.Index)).ToList();
        if (current.Index is { } now)
        {
            points.Add(new EcosystemPoint(firstDay, now));
        }

        var summary = new EcosystemSummary
        {
            Current = current,
            Week = week,
            FirstDay = firstDay,
            Previous = last?.Index,
            PreviousWeek = last?.Week,
            Change = last is not null && current.Index is { } index ? index - last.Index : null,
            History = points.TakeLast(ChartWeeks).ToList(),
        };
        if (last is null || current.Index is null)
        {
            return summary;
        }

        // In index points, so a part's weight counts: a light part's big swing may move the figure less than a heavy part's small one.
        var moves = current.Parts.Select(p => (p.Kind, By: Math.Round(p.Points - last.Points.GetValueOrDefault(p.Kind), 2)))
            .Where(m => m.By != 0)
            .OrderByDescending(m => Math.Abs(m.By)).ThenBy(m => m.Kind)
            .ToList();
        return moves.Count == 0 ? summary : summary with { MovedMost = moves[0].Kind, MovedBy = moves[0].By };
    }
}
