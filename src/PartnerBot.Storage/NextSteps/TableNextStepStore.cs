using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.History;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.NextSteps;

/// <summary>
/// Next steps. The row of record is in <c>NextSteps</c> (partition = workspace, row = step id) and carries the
/// ETag. Two copies serve the other reads: an index row per assignee in <c>NextStepsByAssignee</c> (partition =
/// workspace + person, so a person's open steps are one partition query) and a row in the partner's history.
/// The copies are written after the record; a crash between them is repaired by the next save of the step.
/// </summary>
public sealed class TableNextStepStore(TableProvider tables, TablePartnerHistoryStore history) : INextStepStore
{
    public const string TableName = "NextSteps";
    public const string ByAssigneeTableName = "NextStepsByAssignee";

    private TableClient Table => tables.GetTable(TableName);

    private TableClient ByAssignee => tables.GetTable(ByAssigneeTableName);

    public static string AssigneePartition(WorkspaceKey workspace, string userId) => JsonRows.Partition(workspace, userId);

    public async Task<IReadOnlyList<NextStep>> ListOpenForAssigneeAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        var rows = await JsonRows.QueryPartitionAsync(ByAssignee, AssigneePartition(workspace, userId), cancellationToken,
            TableClient.CreateQueryFilter($"Status eq {nameof(NextStepStatus.Open)}"));
        return rows.Select(JsonRows.FromEntity<NextStep>).ToList();
    }

    public Task<Stored<NextStep>?> GetAsync(WorkspaceKey workspace, string nextStepId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<NextStep>(Table, JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(nextStepId), cancellationToken);

    public async Task<Stored<NextStep>> SaveAsync(WorkspaceKey workspace, NextStep nextStep, string? etag, CancellationToken cancellationToken)
    {
        var previous = etag is null ? null : await GetAsync(workspace, nextStep.Id, cancellationToken);
        var status = new Dictionary<string, object> { ["Status"] = nextStep.Status.ToString(), ["Assignee"] = nextStep.AssigneeUserId };
        var entity = JsonRows.ToEntity(JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(nextStep.Id), HistoryKind, nextStep, status);
        var newETag = await JsonRows.SaveAsync(Table, entity, etag, cancellationToken);

        await JsonRows.UpsertAsync(ByAssignee, JsonRows.ToEntity(AssigneePartition(workspace, nextStep.AssigneeUserId), KeyEncoder.Encode(nextStep.Id), HistoryKind, nextStep, status), cancellationToken);
        if (previous is not null && previous.Value.AssigneeUserId != nextStep.AssigneeUserId)
        {
            try
            {
                await ByAssignee.DeleteEntityAsync(AssigneePartition(workspace, previous.Value.AssigneeUserId), KeyEncoder.Encode(nextStep.Id), ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Already gone.
            }
        }

        await history.SaveNextStepCopyAsync(workspace, nextStep, cancellationToken);
        return new Stored<NextStep>(nextStep, newETag);
    }

    private const string HistoryKind = TablePartnerHistoryStore.NextStepKind;
}
