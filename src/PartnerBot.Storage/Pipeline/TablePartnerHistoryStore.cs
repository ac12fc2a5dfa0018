using Azure.Data.Tables;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Pipeline;

/// <summary>
/// Everything recorded about one partner, in the workspace's pipeline partition under <c>history|{partner}|</c>:
/// one row per rater's screening and per assessor's assessment (so two raters never overwrite each other), one
/// per interaction and health check, and the formalisation; its next steps are the <c>step|</c> rows naming it.
/// One partner's history is one partition query.
/// </summary>
public sealed class TablePartnerHistoryStore(TableProvider tables) : IPartnerHistoryStore, IPartnerRoundStore
{
    public const string ScreeningKind = "screening";
    public const string AssessmentKind = "assessment";
    public const string NextStepKind = TableNextStepStore.Kind;
    public const string InteractionKind = "interaction";
    public const string HealthCheckKind = "health";
    public const string FormalisationKind = "formalisation";
    public const string PartnerRoundKind = "partnerround";

    private TableClient Table => tables.GetTable(PipelineTable.Name);

    public async Task<PartnerHistory> GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        ToHistory(await JsonRows.QueryPartitionAsync(Table, PipelineTable.Partition(workspace), cancellationToken,
            "(" + PipelineTable.Under(PipelineTable.HistoryPrefix, partnerId) + " or (" +
            PipelineTable.Under(PipelineTable.StepPrefix) + " and " + TableClient.CreateQueryFilter($"Partner eq {partnerId}") + "))"));

    public Task SaveAssessmentAsync(WorkspaceKey workspace, DetailedAssessment assessment, string? etag, CancellationToken cancellationToken) =>
        JsonRows.SaveAsync(Table, Row(workspace, assessment.PartnerId, AssessmentKind, assessment.AssessorUserId, assessment), etag, cancellationToken);

    public Task SaveInteractionAsync(WorkspaceKey workspace, Interaction interaction, CancellationToken cancellationToken) =>
        JsonRows.UpsertAsync(Table, Row(workspace, interaction.PartnerId, InteractionKind, interaction.Id, interaction), cancellationToken);

    public Task<string> UpdateInteractionAsync(WorkspaceKey workspace, Interaction interaction, string etag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return JsonRows.SaveAsync(Table, Row(workspace, interaction.PartnerId, InteractionKind, interaction.Id, interaction), etag, cancellationToken);
    }

    public Task SaveHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, CancellationToken cancellationToken) =>
        JsonRows.UpsertAsync(Table, Row(workspace, healthCheck.PartnerId, HealthCheckKind, healthCheck.Id, healthCheck), cancellationToken);

    public Task<string> UpdateHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, string etag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return JsonRows.SaveAsync(Table, Row(workspace, healthCheck.PartnerId, HealthCheckKind, healthCheck.Id, healthCheck), etag, cancellationToken);
    }

    public async Task<Stored<Formalisation>> SaveFormalisationAsync(WorkspaceKey workspace, Formalisation formalisation, string? etag, CancellationToken cancellationToken)
    {
        var entity = Row(workspace, formalisation.PartnerId, FormalisationKind, FormalisationKind, formalisation);
        return new Stored<Formalisation>(formalisation, await JsonRows.SaveAsync(Table, entity, etag, cancellationToken));
    }

    public Task<Stored<PartnerRound>?> GetAsync(WorkspaceKey workspace, string partnerId, string roundId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<PartnerRound>(Table, PipelineTable.Partition(workspace), PipelineTable.HistoryRow(partnerId, PartnerRoundKind, roundId), cancellationToken);

    public async Task<Stored<PartnerRound>> SaveAsync(WorkspaceKey workspace, PartnerRound round, string? etag, CancellationToken cancellationToken) =>
        new(round, await JsonRows.SaveAsync(Table, Row(workspace, round.PartnerId, PartnerRoundKind, round.Id, round), etag, cancellationToken));

    /// <summary>A rater's screening row, also written by the screening store's transaction.</summary>
    public static TableEntity ScreeningRow(WorkspaceKey workspace, PartnerScreening screening)
    {
        var row = Row(workspace, screening.PartnerId, ScreeningKind, screening.RaterUserId, screening);
        // A plain column, so a card opens with the rater's own rows in the same query as the pipeline.
        row["Rater"] = screening.RaterUserId;
        return row;
    }

    /// <summary>One partner's history from its rows (any other rows are ignored).</summary>
    public static PartnerHistory ToHistory(IEnumerable<TableEntity> rows)
    {
        var screenings = new List<TableEntity>();
        var assessments = new List<TableEntity>();
        var steps = new List<NextStep>();
        var interactions = new List<Interaction>();
        var interactionETags = new Dictionary<string, string>(StringComparer.Ordinal);
        var checks = new List<HealthCheck>();
        var checkETags = new Dictionary<string, string>(StringComparer.Ordinal);
        var rounds = new List<PartnerRound>();
        var roundETags = new Dictionary<string, string>(StringComparer.Ordinal);
        TableEntity? formalisation = null;
        foreach (var row in rows)
        {
            switch (row.GetString("Kind"))
            {
                case ScreeningKind: screenings.Add(row); break;
                case AssessmentKind: assessments.Add(row); break;
                case NextStepKind: steps.Add(JsonRows.FromEntity<NextStep>(row)); break;
                case InteractionKind:
                    var interaction = JsonRows.FromEntity<Interaction>(row);
                    interactions.Add(interaction);
                    interactionETags[interaction.Id] = row.ETag.ToString();
                    break;
                case HealthCheckKind:
                    var check = JsonRows.FromEntity<HealthCheck>(row);
                    checks.Add(check);
                    checkETags[check.Id] = row.ETag.ToString();
                    break;
                case FormalisationKind: formalisation = row; break;
                case PartnerRoundKind:
                    var round = JsonRows.FromEntity<PartnerRound>(row);
                    rounds.Add(round);
                    roundETags[round.Id] = row.ETag.ToString();
                    break;
            }
        }

        var screeningValues = screenings.Select(r => (Row: r, Value: JsonRows.FromEntity<PartnerScreening>(r))).ToList();
        var assessmentValues = assessments.Select(r => (Row: r, Value: JsonRows.FromEntity<DetailedAssessment>(r))).ToList();
        return new PartnerHistory
        {
            Screenings = screeningValues.Select(s => s.Value).ToList(),
            Assessments = assessmentValues.Select(a => a.Value).ToList(),
            NextSteps = steps,
            Interactions = interactions,
            HealthChecks = checks,
            ScreeningETags = screeningValues.ToDictionary(s => s.Value.RaterUserId, s => s.Row.ETag.ToString(), StringComparer.Ordinal),
            AssessmentETags = assessmentValues.ToDictionary(a => a.Value.AssessorUserId, a => a.Row.ETag.ToString(), StringComparer.Ordinal),
            InteractionETags = interactionETags,
            HealthCheckETags = checkETags,
            PartnerRounds = rounds,
            PartnerRoundETags = roundETags,
            Formalisation = formalisation is null ? null : new Stored<Formalisation>(JsonRows.FromEntity<Formalisation>(formalisation), formalisation.ETag.ToString()),
        };
    }

    private static TableEntity Row<T>(WorkspaceKey workspace, string partnerId, string kind, string id, T value) =>
        JsonRows.ToEntity(PipelineTable.Partition(workspace), PipelineTable.HistoryRow(partnerId, kind, id), kind, value);
}
