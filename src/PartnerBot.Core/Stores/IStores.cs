using PartnerBot.Core.Assessment;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Stores;

// The store seams Core uses. Implementations (PartnerBot.Storage) decide the table layout;
// the comments say which reads must be a single-partition query.

public interface IWorkspaceStore
{
    Task<Stored<Workspace>?> GetAsync(WorkspaceKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Creates the workspace, then its first admin together with its admin roster; throws
    /// <see cref="ConcurrencyConflictException"/> if the workspace exists, or if someone else became its first admin between the two.
    /// </summary>
    Task CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken);

    /// <summary>Replaces the workspace if it is unchanged since <paramref name="etag"/>, else throws <see cref="ConcurrencyConflictException"/>.</summary>
    Task<Stored<Workspace>> SaveAsync(Workspace workspace, string etag, CancellationToken cancellationToken);

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

/// <summary>The user ids of a workspace's admins, kept in one row beside its members.</summary>
public sealed record AdminRoster(IReadOnlyList<string> UserIds)
{
    public static AdminRoster Of(params string[] userIds) => new(userIds);

    public bool Contains(string userId) => UserIds.Contains(userId, StringComparer.Ordinal);

    public AdminRoster With(string userId) => Contains(userId) ? this : new([.. UserIds, userId]);

    public AdminRoster Without(string userId) => new([.. UserIds.Where(id => !string.Equals(id, userId, StringComparison.Ordinal))]);
}

/// <summary>A workspace's members, each with its ETag, and its admin roster (null until the first admin is named).</summary>
public sealed record WorkspaceRoles(IReadOnlyList<Stored<Member>> Members, Stored<AdminRoster>? Admins);

/// <summary>
/// Roles, and who is admin. A member's row and the workspace's admin roster change together in one transaction, each
/// only if unchanged since read: of two admins demoting each other at the same moment only one can succeed, so
/// per-member rows alone can never add up to a workspace without an admin.
/// </summary>
public interface IRoleStore
{
    /// <summary>Every member and the admin roster: one partition query.</summary>
    Task<WorkspaceRoles> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    /// <summary>
    /// One transaction: the member (inserted when <paramref name="memberETag"/> is null, else replaced if unchanged) and
    /// the roster (likewise with <paramref name="adminsETag"/>). Throws <see cref="ConcurrencyConflictException"/> and
    /// changes nothing when either row changed since read, or already exists.
    /// </summary>
    Task SaveAsync(Member member, string? memberETag, AdminRoster admins, string? adminsETag, CancellationToken cancellationToken);
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
    /// <summary>The rounds of the partner's own side of the health check, each with its answer once given.</summary>
    public IReadOnlyList<FollowThrough.Health.PartnerRound> PartnerRounds { get; init; } = [];
    /// <summary>Rater user id → ETag of their screening row, so an edit card can carry it.</summary>
    public IReadOnlyDictionary<string, string> ScreeningETags { get; init; } = new Dictionary<string, string>();
    /// <summary>Assessor user id → ETag of their assessment row.</summary>
    public IReadOnlyDictionary<string, string> AssessmentETags { get; init; } = new Dictionary<string, string>();
    /// <summary>Interaction id → ETag of its row, so an edit card can carry it and a stale edit is refused.</summary>
    public IReadOnlyDictionary<string, string> InteractionETags { get; init; } = new Dictionary<string, string>();
    /// <summary>Health-check id → ETag of its row, so an edit card can carry it and a stale edit is refused.</summary>
    public IReadOnlyDictionary<string, string> HealthCheckETags { get; init; } = new Dictionary<string, string>();
    /// <summary>Partner round id → ETag of its row.</summary>
    public IReadOnlyDictionary<string, string> PartnerRoundETags { get; init; } = new Dictionary<string, string>();
    public Stored<Formalisation>? Formalisation { get; init; }
}

/// <summary>
/// What is recorded about a partner beside its row, in the same partition as the partner: screenings (written only by
/// <see cref="IScreeningStore"/>), assessments, next steps (written by <see cref="INextStepStore"/>), interactions,
/// health checks and the formalisation.
/// </summary>
public interface IPartnerHistoryStore
{
    /// <summary>One partition query.</summary>
    Task<PartnerHistory> GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken);

    /// <summary>Inserts when <paramref name="etag"/> is null, else updates if unchanged.</summary>
    Task SaveAssessmentAsync(WorkspaceKey workspace, DetailedAssessment assessment, string? etag, CancellationToken cancellationToken);

    Task SaveInteractionAsync(WorkspaceKey workspace, Interaction interaction, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a logged contact only if its row is unchanged since <paramref name="etag"/>; returns the new ETag.
    /// Throws <see cref="ConcurrencyConflictException"/> and changes nothing when it changed or is gone.
    /// </summary>
    Task<string> UpdateInteractionAsync(WorkspaceKey workspace, Interaction interaction, string etag, CancellationToken cancellationToken);

    Task SaveHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a submitted health check only if its row is unchanged since <paramref name="etag"/>; returns the new ETag.
    /// Throws <see cref="ConcurrencyConflictException"/> and changes nothing when it changed or is gone.
    /// </summary>
    Task<string> UpdateHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, string etag, CancellationToken cancellationToken);

    /// <summary>The agreed shape of the partnership: inserts when <paramref name="etag"/> is null, else updates if unchanged.</summary>
    Task<Stored<Formalisation>> SaveFormalisationAsync(WorkspaceKey workspace, Formalisation formalisation, string? etag, CancellationToken cancellationToken);
}

/// <summary>Each person's open dialog: at most one per person and workspace, stored with its ETag.</summary>
public interface IDialogStateStore
{
    Task<Stored<DialogState>?> GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken);

    /// <summary>With no <paramref name="etag"/>: creates or replaces (a new flow replaces any open one); else updates if unchanged.</summary>
    Task<Stored<DialogState>> SaveAsync(WorkspaceKey workspace, string userId, DialogState state, string? etag, CancellationToken cancellationToken);

    /// <summary>Removes the person's dialog, whatever it is; no error when there is none.</summary>
    Task DeleteAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken);
}

/// <summary>
/// Next steps, each stored once: one row in the workspace's pipeline partition, the row whose ETag cards carry. The
/// partner's history, the whole pipeline and a person's open steps are all read from those same rows.
/// </summary>
public interface INextStepStore
{
    /// <summary>A person's open next steps across partners, each with its ETag: one partition query.</summary>
    Task<IReadOnlyList<Stored<NextStep>>> ListOpenForAssigneeAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken);

    /// <summary>One point read.</summary>
    Task<Stored<NextStep>?> GetAsync(WorkspaceKey workspace, string nextStepId, CancellationToken cancellationToken);

    /// <summary>Inserts when <paramref name="etag"/> is null, else updates if unchanged: one write.</summary>
    Task<Stored<NextStep>> SaveAsync(WorkspaceKey workspace, NextStep nextStep, string? etag, CancellationToken cancellationToken);

    /// <summary>
    /// Naming a contact: one transaction replaces the partner (only if unchanged since <paramref name="partnerETag"/>)
    /// and inserts its new next step. Throws <see cref="ConcurrencyConflictException"/> and changes nothing otherwise.
    /// </summary>
    Task<(Stored<Partner> Partner, Stored<NextStep> Step)> AssignAsync(
        WorkspaceKey workspace, Partner partner, string partnerETag, NextStep step, CancellationToken cancellationToken);
}

/// <summary>A workspace's partners with everything recorded about each (an empty history for a partner with none).</summary>
public sealed record WorkspacePipeline(IReadOnlyList<Partner> Partners, IReadOnlyDictionary<string, PartnerHistory> Histories)
{
    /// <summary>The workspace's introductions between community actors, read in the same query.</summary>
    public IReadOnlyList<Introductions.Introduction> Introductions { get; init; } = [];
}

/// <summary>The whole pipeline at once, for the scheduled jobs (digest, nudges) that look at every partner.</summary>
public interface IPipelineStore
{
    /// <summary>One partition query, however many partners there are.</summary>
    Task<WorkspacePipeline> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken);
}

/// <summary>What a screening turn reads: the pipeline (with ETags), some screenings, and the person's open dialog.</summary>
public sealed record ScreeningView(
    IReadOnlyList<Stored<Partner>> Partners,
    IReadOnlyList<Stored<PartnerScreening>> Screenings,
    Stored<DialogState>? Dialog);

public enum ScreeningSaveResult
{
    Saved,

    /// <summary>The rater's own row changed (or appeared) since their card was opened.</summary>
    RatingsChanged,

    /// <summary>The partner row changed since it was read (another rater, or an edit): read again and retry.</summary>
    PartnerChanged,
}

/// <summary>
/// The screening turns, each one read and one write: screening rows live beside the partner row, so a rater's
/// screening and the partner's score change together in one entity-group transaction and can never disagree.
/// </summary>
public interface IScreeningStore
{
    /// <summary>Opening a card: the pipeline and the rater's own screenings of every partner. One partition query.</summary>
    Task<ScreeningView> ReadForRaterAsync(WorkspaceKey workspace, string raterUserId, CancellationToken cancellationToken);

    /// <summary>Submitting: the pipeline, every screening of one partner, and the person's open dialog. One partition query.</summary>
    Task<ScreeningView> ReadForPartnerAsync(WorkspaceKey workspace, string partnerId, string userId, CancellationToken cancellationToken);

    /// <summary>
    /// One transaction: the rater's row (inserted when <paramref name="screeningETag"/> is null, else replaced if
    /// unchanged), the partner (replaced if unchanged since <paramref name="partner"/> was read), and, when given,
    /// the closing of the dialog that opened the card (skipped if that dialog has since changed).
    /// </summary>
    Task<ScreeningSaveResult> SaveAsync(
        WorkspaceKey workspace,
        PartnerScreening screening,
        string? screeningETag,
        Stored<Partner> partner,
        Stored<DialogState>? closing,
        CancellationToken cancellationToken);
}
