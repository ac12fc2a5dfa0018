using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Storage;

// The store seams Core uses. Implementations (PartnerBot.Storage) decide the table layout;
// the comments say which reads must be a single-partition query.

public interface IWorkspaceStore
{
    Task<Stored<Workspace>?> GetAsync(WorkspaceKey key, CancellationToken cancellationToken);

    /// <summary>Creates the workspace with its first admin; throws <see cref="ConcurrencyConflictException"/> if it exists.</summary>
    Task CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken);

    /// <summary>Every workspace of every tenant, streamed (for scheduled jobs).</summary>
    IAsyncEnumerable<Workspace> ListAllAsync(CancellationToken cancellationToken);
}

public interface IMemberStore
{
    Task<Stored<Member>?> GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken);

    /// <summary>Inserts when <paramref name="etag"/> is null, else updates if unchanged.</summary>
    Task<Stored<Member>> SaveAsync(Member member, string? etag, CancellationToken cancellationToken);

    /// <summary>One partition query.</summary>
    Task<IReadOnlyList<Member>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken);
}

public interface IPartnerStore
{
    Task<Stored<Partner>?> GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken);

    /// <summary>The workspace's pipeline: one partition query.</summary>
    Task<IReadOnlyList<Partner>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    Task<Stored<Partner>> SaveAsync(WorkspaceKey workspace, Partner partner, string? etag, CancellationToken cancellationToken);
}

public interface INeedsAssessmentStore
{
    Task<Stored<NeedsAssessment>?> GetAsync(WorkspaceKey workspace, string assessmentId, CancellationToken cancellationToken);

    /// <summary>One partition query.</summary>
    Task<IReadOnlyList<NeedsAssessment>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    Task<Stored<NeedsAssessment>> SaveAsync(WorkspaceKey workspace, NeedsAssessment assessment, string? etag, CancellationToken cancellationToken);
}

/// <summary>Everything recorded about one partner, read with one partition query.</summary>
public sealed record PartnerHistory
{
    public IReadOnlyList<PartnerScreening> Screenings { get; init; } = [];
    public IReadOnlyList<DetailedAssessment> Assessments { get; init; } = [];
    public IReadOnlyList<NextStep> NextSteps { get; init; } = [];
    public IReadOnlyList<Interaction> Interactions { get; init; } = [];
    public IReadOnlyList<HealthCheck> HealthChecks { get; init; } = [];
}

public interface IPartnerHistoryStore
{
    /// <summary>One partition query.</summary>
    Task<PartnerHistory> GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken);

    Task SaveScreeningAsync(WorkspaceKey workspace, PartnerScreening screening, string? etag, CancellationToken cancellationToken);

    Task SaveAssessmentAsync(WorkspaceKey workspace, DetailedAssessment assessment, string? etag, CancellationToken cancellationToken);

    Task SaveInteractionAsync(WorkspaceKey workspace, Interaction interaction, CancellationToken cancellationToken);

    Task SaveHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, CancellationToken cancellationToken);
}

public interface INextStepStore
{
    /// <summary>A person's open next steps across partners: one partition query.</summary>
    Task<IReadOnlyList<NextStep>> ListOpenForAssigneeAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken);

    Task<Stored<NextStep>?> GetAsync(WorkspaceKey workspace, string nextStepId, CancellationToken cancellationToken);

    Task<Stored<NextStep>> SaveAsync(WorkspaceKey workspace, NextStep nextStep, string? etag, CancellationToken cancellationToken);
}
