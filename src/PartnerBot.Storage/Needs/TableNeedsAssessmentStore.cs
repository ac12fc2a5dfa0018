using Azure.Data.Tables;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Needs;

/// <summary>Needs assessments: partition = workspace, row = assessment id.</summary>
public sealed class TableNeedsAssessmentStore(TableProvider tables) : INeedsAssessmentStore
{
    public const string TableName = "NeedsAssessments";

    private TableClient Table => tables.GetTable(TableName);

    public Task<Stored<NeedsAssessment>?> GetAsync(WorkspaceKey workspace, string assessmentId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<NeedsAssessment>(Table, JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(assessmentId), cancellationToken);

    public async Task<IReadOnlyList<NeedsAssessment>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        (await JsonRows.QueryPartitionAsync(Table, JsonRows.WorkspacePartition(workspace), cancellationToken)).Select(JsonRows.FromEntity<NeedsAssessment>).ToList();

    public async Task<Stored<NeedsAssessment>> SaveAsync(WorkspaceKey workspace, NeedsAssessment assessment, string? etag, CancellationToken cancellationToken)
    {
        var entity = JsonRows.ToEntity(JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(assessment.Id), "needs", assessment);
        return new Stored<NeedsAssessment>(assessment, await JsonRows.SaveAsync(Table, entity, etag, cancellationToken));
    }
}
