using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Testing.InMemory;

/// <summary>Counting and erasing a workspace over the same partitions; this double holds no outbox or follow-through settings.</summary>
public partial class InMemoryStores : IWorkspaceDataStore
{
    private static readonly string[] WorkspaceTables = ["pipeline", "needs", "members"];

    public Task<WorkspaceDataCounts> CountAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var pipeline = Rows(Pipeline(workspace)).Keys.ToList();
            int History(string kind) => pipeline.Count(k => k.StartsWith("history" + Separator, StringComparison.Ordinal) && k.Split(Separator)[2] == kind);
            int Prefixed(string prefix) => pipeline.Count(k => k.StartsWith(prefix + Separator, StringComparison.Ordinal));
            return Task.FromResult(new WorkspaceDataCounts
            {
                Partners = Prefixed("partner"),
                Screenings = History("screening"),
                Assessments = History("assessment"),
                Interactions = History("interaction"),
                HealthChecks = History("health"),
                Formalisations = History("formalisation"),
                NextSteps = Prefixed("step"),
                Other = Prefixed("dialog") + Prefixed("audit"),
                NeedsAssessments = Rows(Partition("needs", workspace)).Count,
                Members = Rows(Partition("members", workspace)).Keys.Count(k => k.StartsWith("member" + Separator, StringComparison.Ordinal)),
            });
        }
    }

    public async Task<WorkspaceDataCounts> EraseAsync(WorkspaceKey workspace, string workspaceETag, CancellationToken cancellationToken)
    {
        var row = Key(workspace.TenantId, workspace.WorkspaceId);
        lock (gate)
        {
            if (!Rows(WorkspacesPartition).TryGetValue(row, out var current) || current.ETag != workspaceETag)
            {
                throw new ConcurrencyConflictException("The workspace changed or was erased since it was read.");
            }

            Put(WorkspacesPartition, row, current.Value);
        }

        var counts = await CountAsync(workspace, cancellationToken);
        lock (gate)
        {
            foreach (var table in WorkspaceTables)
            {
                partitions.Remove(Partition(table, workspace));
            }

            Remove(WorkspacesPartition, row);
        }

        return counts;
    }
}
