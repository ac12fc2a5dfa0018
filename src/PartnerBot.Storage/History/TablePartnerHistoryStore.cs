using Azure.Data.Tables;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.History;

/// <summary>
/// Everything recorded about one partner in one partition (workspace + partner id): one row per rater's
/// screening and per assessor's assessment (so two raters never overwrite each other), one per next step,
/// interaction and health check, and the formalisation.
/// </summary>
public sealed class TablePartnerHistoryStore(TableProvider tables) : IPartnerHistoryStore, IFormalisationStore
{
    public const string TableName = "PartnerHistory";

    public const string ScreeningKind = "screening";
    public const string AssessmentKind = "assessment";
    public const string NextStepKind = "step";
    public const string InteractionKind = "interaction";
    public const string HealthCheckKind = "health";
    public const string FormalisationKind = "formalisation";

    private TableClient Table => tables.GetTable(TableName);

    public static string PartitionFor(WorkspaceKey workspace, string partnerId) => JsonRows.Partition(workspace, partnerId);

    public async Task<PartnerHistory> GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken)
    {
        var rows = await JsonRows.QueryPartitionAsync(Table, PartitionFor(workspace, partnerId), cancellationToken);
        var screenings = rows.Where(r => Kind(r) == ScreeningKind).ToList();
        var assessments = rows.Where(r => Kind(r) == AssessmentKind).ToList();
        var formalisation = rows.FirstOrDefault(r => Kind(r) == FormalisationKind);
        return new PartnerHistory
        {
            Screenings = screenings.Select(JsonRows.FromEntity<PartnerScreening>).ToList(),
            Assessments = assessments.Select(JsonRows.FromEntity<DetailedAssessment>).ToList(),
            NextSteps = rows.Where(r => Kind(r) == NextStepKind).Select(JsonRows.FromEntity<NextStep>).ToList(),
            Interactions = rows.Where(r => Kind(r) == InteractionKind).Select(JsonRows.FromEntity<Interaction>).ToList(),
            HealthChecks = rows.Where(r => Kind(r) == HealthCheckKind).Select(JsonRows.FromEntity<HealthCheck>).ToList(),
            ScreeningETags = screenings.ToDictionary(r => JsonRows.FromEntity<PartnerScreening>(r).RaterUserId, r => r.ETag.ToString(), StringComparer.Ordinal),
            AssessmentETags = assessments.ToDictionary(r => JsonRows.FromEntity<DetailedAssessment>(r).AssessorUserId, r => r.ETag.ToString(), StringComparer.Ordinal),
            Formalisation = formalisation is null ? null : new Stored<Formalisation>(JsonRows.FromEntity<Formalisation>(formalisation), formalisation.ETag.ToString()),
        };
    }

    public Task SaveScreeningAsync(WorkspaceKey workspace, PartnerScreening screening, string? etag, CancellationToken cancellationToken) =>
        JsonRows.SaveAsync(Table, Row(workspace, screening.PartnerId, ScreeningKind, screening.RaterUserId, screening), etag, cancellationToken);

    public Task SaveAssessmentAsync(WorkspaceKey workspace, DetailedAssessment assessment, string? etag, CancellationToken cancellationToken) =>
        JsonRows.SaveAsync(Table, Row(workspace, assessment.PartnerId, AssessmentKind, assessment.AssessorUserId, assessment), etag, cancellationToken);

    public Task SaveInteractionAsync(WorkspaceKey workspace, Interaction interaction, CancellationToken cancellationToken) =>
        JsonRows.UpsertAsync(Table, Row(workspace, interaction.PartnerId, InteractionKind, interaction.Id, interaction), cancellationToken);

    public Task SaveHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, CancellationToken cancellationToken) =>
        JsonRows.UpsertAsync(Table, Row(workspace, healthCheck.PartnerId, HealthCheckKind, healthCheck.Id, healthCheck), cancellationToken);

    /// <summary>The copy of a next step in its partner's history; the next-step store keeps it in step.</summary>
    public Task SaveNextStepCopyAsync(WorkspaceKey workspace, NextStep step, CancellationToken cancellationToken) =>
        JsonRows.UpsertAsync(Table, Row(workspace, step.PartnerId, NextStepKind, step.Id, step), cancellationToken);

    async Task<Stored<Formalisation>> IFormalisationStore.SaveAsync(WorkspaceKey workspace, Formalisation formalisation, string? etag, CancellationToken cancellationToken)
    {
        var entity = JsonRows.ToEntity(PartitionFor(workspace, formalisation.PartnerId), FormalisationKind, FormalisationKind, formalisation);
        return new Stored<Formalisation>(formalisation, await JsonRows.SaveAsync(Table, entity, etag, cancellationToken));
    }

    private static TableEntity Row<T>(WorkspaceKey workspace, string partnerId, string kind, string id, T value) =>
        JsonRows.ToEntity(PartitionFor(workspace, partnerId), KeyEncoder.Compose(kind, id), kind, value);

    private static string? Kind(TableEntity row) => row.GetString("Kind");
}
