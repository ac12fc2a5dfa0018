using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Support;

/// <summary>
/// A small in-memory double of the store seams for fast Core tests, with the same ETag rules as the tables:
/// no ETag inserts (and fails if the row exists), an ETag updates only if unchanged. Integration tests use Azurite.
/// </summary>
public sealed class InMemoryStores :
    IWorkspaceStore, IMemberStore, IRoleStore, IPartnerStore, INeedsAssessmentStore, IPartnerHistoryStore, IFormalisationStore, INextStepStore, IDialogStateStore, IScreeningStore, IPipelineStore, IProactiveMessenger
{
    private readonly ConcurrentDictionary<string, (object Value, string ETag)> rows = new(StringComparer.Ordinal);
    private int version;

    public List<(WorkspaceKey Workspace, string UserId, IReadOnlyList<BotReply> Replies, string Key)> Sent { get; } = [];

    private static string K(params string[] parts) => string.Join('\u001f', parts);

    private static string Ws(WorkspaceKey w) => K(w.TenantId, w.WorkspaceId);

    private Stored<T>? Get<T>(string key) => rows.TryGetValue(key, out var row) ? new Stored<T>((T)row.Value, row.ETag) : null;

    private string Save(string key, object value, string? etag)
    {
        lock (rows)
        {
            var exists = rows.TryGetValue(key, out var current);
            if (etag is null ? exists : !exists || current.ETag != etag)
            {
                throw new ConcurrencyConflictException("conflict");
            }

            var next = "W/" + Interlocked.Increment(ref version);
            rows[key] = (value, next);
            return next;
        }
    }

    private IEnumerable<T> Prefix<T>(string prefix) =>
        rows.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal) && r.Value.Value is T).Select(r => (T)r.Value.Value);

    private IEnumerable<(T Value, string ETag)> PrefixStored<T>(string prefix) =>
        rows.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal) && r.Value.Value is T).Select(r => ((T)r.Value.Value, r.Value.ETag));

    Task<Stored<Workspace>?> IWorkspaceStore.GetAsync(WorkspaceKey key, CancellationToken cancellationToken) => Task.FromResult(Get<Workspace>(K("ws", Ws(key))));

    public async Task CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken)
    {
        Save(K("ws", Ws(workspace.Key)), workspace, null);
        await ((IRoleStore)this).SaveAsync(firstAdmin, null, AdminRoster.Of(firstAdmin.UserId), null, cancellationToken);
    }

    public async IAsyncEnumerable<Workspace> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var w in Prefix<Workspace>("ws"))
        {
            yield return w;
        }
    }

    Task<Stored<Member>?> IMemberStore.GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<Member>(K("member", Ws(workspace), userId)));

    public Task<Stored<Member>> SaveAsync(Member member, string? etag, CancellationToken cancellationToken) =>
        Task.FromResult(new Stored<Member>(member, Save(K("member", Ws(member.Workspace), member.UserId), member, etag)));

    Task<IReadOnlyList<Member>> IMemberStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Member>>(Prefix<Member>(K("member", Ws(workspace), "")).ToList());

    Task<WorkspaceRoles> IRoleStore.ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        lock (rows)
        {
            var members = PrefixStored<Member>(K("member", Ws(workspace), "")).Select(m => new Stored<Member>(m.Value, m.ETag)).ToList();
            return Task.FromResult(new WorkspaceRoles(members, Get<AdminRoster>(K("roster", Ws(workspace)))));
        }
    }

    /// <summary>Both rows or neither, like the entity-group transaction: both ETags are checked before anything changes.</summary>
    Task IRoleStore.SaveAsync(Member member, string? memberETag, AdminRoster admins, string? adminsETag, CancellationToken cancellationToken)
    {
        var memberKey = K("member", Ws(member.Workspace), member.UserId);
        var rosterKey = K("roster", Ws(member.Workspace));
        lock (rows)
        {
            bool Unchanged(string key, string? etag) => rows.TryGetValue(key, out var row) ? row.ETag == etag : etag is null;
            if (!Unchanged(memberKey, memberETag) || !Unchanged(rosterKey, adminsETag))
            {
                throw new ConcurrencyConflictException("conflict");
            }

            Save(memberKey, member, memberETag);
            Save(rosterKey, admins, adminsETag);
        }

        return Task.CompletedTask;
    }

    Task<Stored<Partner>?> IPartnerStore.GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<Partner>(K("partner", Ws(workspace), partnerId)));

    Task<IReadOnlyList<Partner>> IPartnerStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Partner>>(Prefix<Partner>(K("partner", Ws(workspace), "")).ToList());

    public Task<Stored<Partner>> SaveAsync(WorkspaceKey workspace, Partner partner, string? etag, CancellationToken cancellationToken) =>
        Task.FromResult(new Stored<Partner>(partner, Save(K("partner", Ws(workspace), partner.Id), partner, etag)));

    Task<Stored<NeedsAssessment>?> INeedsAssessmentStore.GetAsync(WorkspaceKey workspace, string assessmentId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<NeedsAssessment>(K("needs", Ws(workspace), assessmentId)));

    Task<IReadOnlyList<NeedsAssessment>> INeedsAssessmentStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NeedsAssessment>>(Prefix<NeedsAssessment>(K("needs", Ws(workspace), "")).ToList());

    public Task<Stored<NeedsAssessment>> SaveAsync(WorkspaceKey workspace, NeedsAssessment assessment, string? etag, CancellationToken cancellationToken) =>
        Task.FromResult(new Stored<NeedsAssessment>(assessment, Save(K("needs", Ws(workspace), assessment.Id), assessment, etag)));

    Task<PartnerHistory> IPartnerHistoryStore.GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken)
    {
        var prefix = K("history", Ws(workspace), partnerId, "");
        var screenings = PrefixStored<PartnerScreening>(prefix).ToList();
        var assessments = PrefixStored<DetailedAssessment>(prefix).ToList();
        return Task.FromResult(new PartnerHistory
        {
            Screenings = screenings.Select(s => s.Value).ToList(),
            ScreeningETags = screenings.ToDictionary(s => s.Value.RaterUserId, s => s.ETag),
            Assessments = assessments.Select(s => s.Value).ToList(),
            AssessmentETags = assessments.ToDictionary(s => s.Value.AssessorUserId, s => s.ETag),
            NextSteps = Prefix<NextStep>(K("step", Ws(workspace), "")).Where(s => s.PartnerId == partnerId).ToList(),
            Interactions = Prefix<Interaction>(prefix).ToList(),
            HealthChecks = Prefix<HealthCheck>(prefix).ToList(),
            Formalisation = Get<Formalisation>(K("history", Ws(workspace), partnerId, "formalisation")),
        });
    }

    public Task SaveScreeningAsync(WorkspaceKey workspace, PartnerScreening screening, string? etag, CancellationToken cancellationToken)
    {
        Save(K("history", Ws(workspace), screening.PartnerId, "screening", screening.RaterUserId), screening, etag);
        return Task.CompletedTask;
    }

    public Task SaveAssessmentAsync(WorkspaceKey workspace, DetailedAssessment assessment, string? etag, CancellationToken cancellationToken)
    {
        Save(K("history", Ws(workspace), assessment.PartnerId, "assessment", assessment.AssessorUserId), assessment, etag);
        return Task.CompletedTask;
    }

    public Task SaveInteractionAsync(WorkspaceKey workspace, Interaction interaction, CancellationToken cancellationToken)
    {
        rows[K("history", Ws(workspace), interaction.PartnerId, "interaction", interaction.Id)] = (interaction, "W/i");
        return Task.CompletedTask;
    }

    public Task SaveHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, CancellationToken cancellationToken)
    {
        rows[K("history", Ws(workspace), healthCheck.PartnerId, "health", healthCheck.Id)] = (healthCheck, "W/h");
        return Task.CompletedTask;
    }

    Task<Stored<Formalisation>> IFormalisationStore.SaveAsync(WorkspaceKey workspace, Formalisation formalisation, string? etag, CancellationToken cancellationToken) =>
        Task.FromResult(new Stored<Formalisation>(formalisation, Save(K("history", Ws(workspace), formalisation.PartnerId, "formalisation"), formalisation, etag)));

    public Task<IReadOnlyList<NextStep>> ListOpenForAssigneeAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NextStep>>(Prefix<NextStep>(K("step", Ws(workspace), "")).Where(s => s.AssigneeUserId == userId && s.Status == NextStepStatus.Open).ToList());

    Task<Stored<NextStep>?> INextStepStore.GetAsync(WorkspaceKey workspace, string nextStepId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<NextStep>(K("step", Ws(workspace), nextStepId)));

    public Task<Stored<NextStep>> SaveAsync(WorkspaceKey workspace, NextStep nextStep, string? etag, CancellationToken cancellationToken) =>
        Task.FromResult(new Stored<NextStep>(nextStep, Save(K("step", Ws(workspace), nextStep.Id), nextStep, etag)));

    Task<Stored<DialogState>?> IDialogStateStore.GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<DialogState>(K("dialog", Ws(workspace), userId)));

    public Task<Stored<DialogState>> SaveAsync(WorkspaceKey workspace, string userId, DialogState state, string? etag, CancellationToken cancellationToken)
    {
        var key = K("dialog", Ws(workspace), userId);
        if (etag is null)
        {
            rows.TryRemove(key, out _);
        }

        return Task.FromResult(new Stored<DialogState>(state, Save(key, state, etag)));
    }

    public Task DeleteAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        rows.TryRemove(K("dialog", Ws(workspace), userId), out _);
        return Task.CompletedTask;
    }

    /// <summary>How many of the next screening saves find the partner changed by someone else just before them.</summary>
    public int ConcurrentPartnerSaves { get; set; }

    public Task<ScreeningView> ReadForRaterAsync(WorkspaceKey workspace, string raterUserId, CancellationToken cancellationToken) =>
        Task.FromResult(new ScreeningView(
            PartnersStored(workspace),
            [.. PrefixStored<PartnerScreening>(K("history", Ws(workspace), "")).Where(s => s.Value.RaterUserId == raterUserId).Select(s => new Stored<PartnerScreening>(s.Value, s.ETag))],
            null));

    public Task<ScreeningView> ReadForPartnerAsync(WorkspaceKey workspace, string partnerId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(new ScreeningView(
            PartnersStored(workspace),
            [.. PrefixStored<PartnerScreening>(K("history", Ws(workspace), partnerId, "")).Select(s => new Stored<PartnerScreening>(s.Value, s.ETag))],
            Get<DialogState>(K("dialog", Ws(workspace), userId))));

    /// <summary>All or nothing, like the entity-group transaction: every ETag is checked before anything changes.</summary>
    public Task<ScreeningSaveResult> SaveAsync(WorkspaceKey workspace, PartnerScreening screening, string? screeningETag, Stored<Partner> partner, Stored<DialogState>? closing, CancellationToken cancellationToken)
    {
        var screeningKey = K("history", Ws(workspace), screening.PartnerId, "screening", screening.RaterUserId);
        var partnerKey = K("partner", Ws(workspace), partner.Value.Id);
        var dialogKey = K("dialog", Ws(workspace), screening.RaterUserId);
        lock (rows)
        {
            if (ConcurrentPartnerSaves > 0 && rows.TryGetValue(partnerKey, out var racing))
            {
                // Someone else's save lands first: the partner row gets a new ETag.
                ConcurrentPartnerSaves--;
                rows[partnerKey] = (racing.Value, "W/" + Interlocked.Increment(ref version));
            }

            var mine = rows.TryGetValue(screeningKey, out var row) ? row.ETag : null;
            if (mine != screeningETag)
            {
                return Task.FromResult(ScreeningSaveResult.RatingsChanged);
            }

            if (!rows.TryGetValue(partnerKey, out var current) || current.ETag != partner.ETag)
            {
                return Task.FromResult(ScreeningSaveResult.PartnerChanged);
            }

            Save(screeningKey, screening, screeningETag);
            Save(partnerKey, partner.Value, partner.ETag);
            if (closing is not null && rows.TryGetValue(dialogKey, out var dialog) && dialog.ETag == closing.ETag)
            {
                rows.TryRemove(dialogKey, out _);
            }

            return Task.FromResult(ScreeningSaveResult.Saved);
        }
    }

    public async Task<WorkspacePipeline> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        var partners = PartnersStored(workspace).Select(p => p.Value).ToList();
        var histories = new Dictionary<string, PartnerHistory>(StringComparer.Ordinal);
        foreach (var partner in partners)
        {
            histories[partner.Id] = await ((IPartnerHistoryStore)this).GetAsync(workspace, partner.Id, cancellationToken);
        }

        return new WorkspacePipeline(partners, histories);
    }

    private List<Stored<Partner>> PartnersStored(WorkspaceKey workspace) =>
        [.. PrefixStored<Partner>(K("partner", Ws(workspace), "")).Select(p => new Stored<Partner>(p.Value, p.ETag))];

    public Task SendAsync(WorkspaceKey workspace, string userId, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add((workspace, userId, replies, idempotencyKey));
        }

        return Task.CompletedTask;
    }
}
