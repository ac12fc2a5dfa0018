using PartnerBot.Core.Assessment;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Language;

/// <summary>Small records and in-memory store fakes for the language tests; each test builds its own.</summary>
internal static class LanguageTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public static Partner Partner(string id, string name, PartnerType type = PartnerType.CulturalInstitution, Sector sector = Sector.Public, params string[] needIds) => new()
    {
        Id = id,
        Name = name,
        Type = type,
        Sector = sector,
        NeedIds = needIds,
        CreatedByUserId = "u1",
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    public static Need Need(string id, NeedKind kind, string description, NeedPriority priority = NeedPriority.Medium) =>
        new() { Id = id, Kind = kind, Description = description, Priority = priority };

    public static NeedsAssessment NeedsAssessmentFor(string goal, IReadOnlyList<Need> needs, params string[] offers) => new()
    {
        Id = "a1",
        Goal = goal,
        TargetUsers = "Seniors who have never used a tablet",
        Needs = needs,
        Offers = offers,
        CreatedByUserId = "u1",
        UpdatedAt = Now,
    };

    public static PartnerScreening ScreeningWith(string partnerId, string note) => new()
    {
        PartnerId = partnerId,
        RaterUserId = "u2",
        RaterName = "Ana",
        Ratings = new Dictionary<ScreeningQuestion, Rating> { [ScreeningQuestion.Expertise] = new(5, note) },
        SubmittedAt = Now,
    };

    public static DetailedAssessment AssessmentWith(string partnerId, string note) => new()
    {
        PartnerId = partnerId,
        AssessorUserId = "u3",
        AssessorName = "Bo",
        Ratings = new Dictionary<AssessmentQuestion, Rating> { [AssessmentQuestion.Competencies] = new(4, note) },
        Recommendation = Recommendation.Pursue,
        SubmittedAt = Now,
    };

    public static CommandRequest Request(WorkspaceKey workspace, string arguments, IReadOnlyDictionary<string, string>? entities = null) => new()
    {
        Caller = new Caller(new UserRef(workspace.TenantId, "u1", "Mette Jensen"), workspace, WorkspaceRole.Staff),
        Arguments = arguments,
        Entities = entities ?? new Dictionary<string, string>(),
    };
}

/// <summary>One fake for the four stores the language handlers read, partitioned by workspace like the real ones.</summary>
internal sealed class FakeStores : IPartnerStore, INeedsAssessmentStore, IPartnerHistoryStore, IWorkspaceStore
{
    private readonly Dictionary<WorkspaceKey, List<Partner>> partners = [];
    private readonly Dictionary<WorkspaceKey, List<NeedsAssessment>> assessments = [];
    private readonly Dictionary<(WorkspaceKey, string), PartnerHistory> histories = [];
    private readonly Dictionary<WorkspaceKey, Workspace> workspaces = [];

    public void Add(WorkspaceKey key, string name) =>
        workspaces[key] = new Workspace { Key = key, Name = name, NamedAt = LanguageTestData.Now, CreatedAt = LanguageTestData.Now, CreatedByUserId = "u1" };

    public void Add(WorkspaceKey key, Partner partner) => List(partners, key).Add(partner);

    public void Add(WorkspaceKey key, NeedsAssessment assessment) => List(assessments, key).Add(assessment);

    public void Add(WorkspaceKey key, string partnerId, PartnerHistory history) => histories[(key, partnerId)] = history;

    Task<Stored<Partner>?> IPartnerStore.GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult(List(partners, workspace).Where(p => p.Id == partnerId).Select(p => new Stored<Partner>(p, "e")).FirstOrDefault());

    Task<IReadOnlyList<Partner>> IPartnerStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Partner>>(List(partners, workspace).ToList());

    Task<Stored<Partner>> IPartnerStore.SaveAsync(WorkspaceKey workspace, Partner partner, string? etag, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task<Stored<NeedsAssessment>?> INeedsAssessmentStore.GetAsync(WorkspaceKey workspace, string assessmentId, CancellationToken cancellationToken) =>
        Task.FromResult(List(assessments, workspace).Where(a => a.Id == assessmentId).Select(a => new Stored<NeedsAssessment>(a, "e")).FirstOrDefault());

    Task<IReadOnlyList<NeedsAssessment>> INeedsAssessmentStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NeedsAssessment>>(List(assessments, workspace).ToList());

    Task<Stored<NeedsAssessment>> INeedsAssessmentStore.SaveAsync(WorkspaceKey workspace, NeedsAssessment assessment, string? etag, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task<PartnerHistory> IPartnerHistoryStore.GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult(histories.GetValueOrDefault((workspace, partnerId)) ?? new PartnerHistory());

    Task<Stored<Formalisation>> IPartnerHistoryStore.SaveFormalisationAsync(WorkspaceKey workspace, Formalisation formalisation, string? etag, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task IPartnerHistoryStore.SaveAssessmentAsync(WorkspaceKey workspace, DetailedAssessment assessment, string? etag, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task IPartnerHistoryStore.SaveInteractionAsync(WorkspaceKey workspace, Interaction interaction, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task<string> IPartnerHistoryStore.UpdateInteractionAsync(WorkspaceKey workspace, Interaction interaction, string etag, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task IPartnerHistoryStore.SaveHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task<string> IPartnerHistoryStore.UpdateHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, string etag, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task<Stored<Workspace>?> IWorkspaceStore.GetAsync(WorkspaceKey key, CancellationToken cancellationToken) =>
        Task.FromResult(workspaces.TryGetValue(key, out var w) ? new Stored<Workspace>(w, "e") : null);

    Task IWorkspaceStore.CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    Task<Stored<Workspace>> IWorkspaceStore.SaveAsync(Workspace workspace, string etag, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The language handlers only read.");

    async IAsyncEnumerable<Workspace> IWorkspaceStore.ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach (var workspace in workspaces.Values)
        {
            yield return workspace;
        }
    }

    private static List<T> List<T>(Dictionary<WorkspaceKey, List<T>> map, WorkspaceKey key)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        return list;
    }
}
