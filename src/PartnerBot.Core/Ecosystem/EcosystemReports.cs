using PartnerBot.Core.Cards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Ecosystem;

/// <summary>
/// The one home of the index's week: the summary against the stored weeks (with the chart when there are two or more),
/// the week's snapshot written when the digest is built, and the card 'health' alone shows.
/// </summary>
public sealed class EcosystemReports(
    IPipelineStore pipelines,
    INeedsAssessmentStore needs,
    IWorkspaceStore workspaces,
    IEcosystemSnapshotStore snapshots,
    IIndexChart? chart,
    TimeProvider time)
{
    /// <summary>'health' on its own (no partner named, by name or by a card's id) asks for the index.</summary>
    public static bool AsksForIndex(CommandRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Arguments.Trim().Length == 0
            && !request.Entities.ContainsKey("partner")
            && !(request.Entities.TryGetValue("partnerName", out var name) && name.Trim().Length > 0);
    }

    /// <summary>
    /// This week's summary: <paramref name="current"/> against the stored snapshots of the weeks before, with the chart
    /// drawn when there are two points or more. One partition query.
    /// </summary>
    public async Task<EcosystemSummary> SummariseAsync(WorkspaceKey workspace, EcosystemReading current, DateOnly today, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        var week = DigestSchedule.IsoWeek(today);
        return WithChart(EcosystemSummary.Build(current, week, Dates.Monday(today), await EarlierAsync(workspace, week, cancellationToken)));
    }

    /// <summary>The stored snapshots the chart shows before <paramref name="week"/>, oldest first: one partition query.</summary>
    public Task<IReadOnlyList<EcosystemSnapshot>> EarlierAsync(WorkspaceKey workspace, string week, CancellationToken cancellationToken) =>
        snapshots.ListRecentAsync(workspace, EcosystemSummary.ChartWeeks - 1, week, cancellationToken);

    /// <summary>The chart drawn into <paramref name="summary"/> when it has two points or more and a renderer is configured.</summary>
    public EcosystemSummary WithChart(EcosystemSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.HasChart && chart is not null ? summary with { Chart = chart.Render(summary.History) } : summary;
    }

    /// <summary>Writes the week's snapshot (replacing the week's row on a rerun); nothing when there is no index.</summary>
    public async Task RecordAsync(WorkspaceKey workspace, EcosystemSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (EcosystemSnapshot.Of(summary.Current, summary.Week, summary.FirstDay, time.GetUtcNow()) is { } snapshot)
        {
            await snapshots.SaveAsync(workspace, snapshot, cancellationToken);
        }
    }

    /// <summary>'health' alone: the index computed live for the caller's week, its parts, and the chart.</summary>
    public async Task<IReadOnlyList<BotReply>> ShowAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var ws = await workspaces.GetAsync(caller.Workspace, cancellationToken);
        if (ws is null)
        {
            return Replies.Refuse("I could not find your library's workspace.");
        }

        var pipeline = await pipelines.ReadAsync(caller.Workspace, cancellationToken);
        var today = Dates.Today(time, caller.Zone);
        var reading = EcosystemIndex.Compute(new EcosystemInput
        {
            Partners = pipeline.Partners,
            Histories = pipeline.Histories,
            NeedsAssessments = await needs.ListAsync(caller.Workspace, cancellationToken),
            Introductions = pipeline.Introductions,
            Today = today,
        });
        var summary = await SummariseAsync(caller.Workspace, reading, today, cancellationToken);
        return [BotReply.Show(EcosystemCard.Build(summary, ws.Value.LibraryName ?? "your library"))];
    }
}
