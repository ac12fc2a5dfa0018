using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Pipeline;

/// <summary>
/// Next steps: one <c>step|{id}</c> row each in the workspace's pipeline partition, and nowhere else. Its plain
/// <c>Partner</c>, <c>Assignee</c> and <c>Status</c> columns let the partner's history, the whole pipeline and a
/// person's open steps read the same row, so the ETag a card carries is the only one there is.
/// </summary>
public sealed class TableNextStepStore(TableProvider tables) : INextStepStore
{
    public const string Kind = "step";

    private TableClient Table => tables.GetTable(PipelineTable.Name);

    public async Task<IReadOnlyList<Stored<NextStep>>> ListOpenForAssigneeAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        var rows = await JsonRows.QueryPartitionAsync(Table, PipelineTable.Partition(workspace), cancellationToken,
            PipelineTable.Under(PipelineTable.StepPrefix) + " and " +
            TableClient.CreateQueryFilter($"(Assignee eq {userId} and Status eq {nameof(NextStepStatus.Open)})"));
        return rows.Select(row => new Stored<NextStep>(JsonRows.FromEntity<NextStep>(row), row.ETag.ToString())).ToList();
    }

    public Task<Stored<NextStep>?> GetAsync(WorkspaceKey workspace, string nextStepId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<NextStep>(Table, PipelineTable.Partition(workspace), PipelineTable.StepRow(nextStepId), cancellationToken);

    public async Task<Stored<NextStep>> SaveAsync(WorkspaceKey workspace, NextStep nextStep, string? etag, CancellationToken cancellationToken) =>
        new(nextStep, await JsonRows.SaveAsync(Table, StepRow(workspace, nextStep), etag, cancellationToken));

    public async Task<(Stored<Partner> Partner, Stored<NextStep> Step)> AssignAsync(
        WorkspaceKey workspace, Partner partner, string partnerETag, NextStep step, CancellationToken cancellationToken)
    {
        if (step.PartnerId != partner.Id)
        {
            throw new ArgumentException("The next step must belong to the partner it is saved with.", nameof(step));
        }

        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateReplace, TablePartnerStore.PartnerRow(workspace, partner), new ETag(partnerETag)),
            new(TableTransactionActionType.Add, StepRow(workspace, step)),
        ];
        try
        {
            var response = await Table.SubmitTransactionAsync(actions, cancellationToken);
            return (new Stored<Partner>(partner, response.Value[0].Headers.ETag?.ToString() ?? ""),
                new Stored<NextStep>(step, response.Value[1].Headers.ETag?.ToString() ?? ""));
        }
        catch (TableTransactionFailedException e) when (e.Status is 404 or 409 or 412)
        {
            throw new ConcurrencyConflictException(e.FailedTransactionActionIndex == 0
                ? "The partner changed since it was read."
                : "A next step with that id already exists.", e);
        }
    }

    /// <summary>The step's only row.</summary>
    public static TableEntity StepRow(WorkspaceKey workspace, NextStep step) =>
        JsonRows.ToEntity(PipelineTable.Partition(workspace), PipelineTable.StepRow(step.Id), Kind, step,
            new Dictionary<string, object>
            {
                ["Partner"] = step.PartnerId,
                ["Assignee"] = step.AssigneeUserId,
                ["Status"] = step.Status.ToString(),
            });
}
