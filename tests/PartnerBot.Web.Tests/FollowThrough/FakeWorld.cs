using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// In-memory stand-ins for the workflows engineer's stores (not on this branch yet), so the planner can be tested on
/// seeded workspaces. The follow-through tables themselves are in Azurite.
/// </summary>
internal sealed class FakeWorld : IWorkspaceStore, IMemberStore, IPartnerStore, IPartnerHistoryStore, IPipelineStore, INeedsAssessmentStore, INextStepStore
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<WorkspaceKey, Workspace> workspaces = new();
    private readonly ConcurrentDictionary<WorkspaceKey, List<Member>> members = new();
    private readonly ConcurrentDictionary<(WorkspaceKey, string), Stored<Partner>> partners = new();
    private readonly ConcurrentDictionary<(WorkspaceKey, string), PartnerHistory> histories = new();
    private readonly ConcurrentDictionary<WorkspaceKey, List<NeedsAssessment>> needs = new();
    private int etag;

    public FakeWorld AddWorkspace(string tenant, int partners, bool withHistory, string zone = "Europe/Berlin", bool withContacts = true)
    {
        var key = WorkspaceKey.DefaultFor(tenant);
        workspaces[key] = new Workspace { Key = key, Name = $"Library {tenant}", DefaultTimeZone = zone, CreatedAt = Now.AddYears(-1), CreatedByUserId = "m-" + tenant };
        members[key] =
        [
            new Member { Workspace = key, UserId = "m-" + tenant, Name = "Manager " + tenant, Role = WorkspaceRole.Manager, JoinedAt = Now.AddYears(-1) },
            new Member { Workspace = key, UserId = "c-" + tenant, Name = "Contact " + tenant, Role = WorkspaceRole.Staff, JoinedAt = Now.AddYears(-1) },
        ];
        needs[key] = [new NeedsAssessment { Id = "na", Goal = "Maker space", Needs = [new Need { Id = "n1", Kind = NeedKind.Technology, Description = "3D printers" }, new Need { Id = "n2", Kind = NeedKind.Space, Description = "Workshop room" }], CreatedByUserId = "m-" + tenant, UpdatedAt = Now }];
        for (var i = 0; i < partners; i++)
        {
            var p = new Partner
            {
                Id = $"p{i}",
                Name = $"Partner {i} of {tenant}",
                Type = PartnerType.Nonprofit,
                Sector = (Sector)(i % 3),
                Stage = (PartnerStage)(i % 8),
                Clusters = [i % 2 == 0 ? "education" : "digital inclusion"],
                NeedIds = i == 0 ? ["n1"] : [],
                Contact = !withContacts ? null : new ContactAssignment { UserIds = ["c-" + tenant], AssignedAt = Now.AddDays(-120), AssignedByUserId = "m-" + tenant },
                CreatedByUserId = "m-" + tenant,
                CreatedAt = Now.AddDays(-200),
                UpdatedAt = Now.AddDays(-30),
            };
            this.partners[(key, p.Id)] = new Stored<Partner>(p, NextETag());
            if (withHistory)
            {
                histories[(key, p.Id)] = new PartnerHistory
                {
                    NextSteps = [new NextStep { Id = $"s{i}", PartnerId = p.Id, AssigneeUserId = "c-" + tenant, Description = "Send the draft agreement", DueDate = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-2), CreatedAt = Now.AddDays(-20) }],
                    Screenings = [new PartnerScreening { PartnerId = p.Id, RaterUserId = "c-" + tenant, RaterName = "Contact", Ratings = Enum.GetValues<ScreeningQuestion>().ToDictionary(q => q, _ => new Rating(1 + (i % 5))), SubmittedAt = Now.AddDays(-40) }],
                };
            }
        }

        return this;
    }

    public DigestInput DigestInput(string tenant)
    {
        var key = WorkspaceKey.DefaultFor(tenant);
        return new DigestInput
        {
            Workspace = workspaces[key],
            Partners = partners.Where(kv => kv.Key.Item1 == key).Select(kv => kv.Value.Value).ToList(),
            Histories = histories.Where(kv => kv.Key.Item1 == key).ToDictionary(kv => kv.Key.Item2, kv => kv.Value),
            NeedsAssessments = needs.GetValueOrDefault(key) ?? [],
            Members = members.GetValueOrDefault(key) ?? [],
            WeekStart = Now.AddHours(-8),
            Today = DateOnly.FromDateTime(Now.UtcDateTime),
            Week = "2026-W48",
        };
    }

    Task<Stored<Workspace>?> IWorkspaceStore.GetAsync(WorkspaceKey key, CancellationToken cancellationToken) =>
        Task.FromResult(workspaces.TryGetValue(key, out var w) ? new Stored<Workspace>(w, "1") : null);

    public Task CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken) => throw new InvalidOperationException("Not used by follow-through.");

    public async IAsyncEnumerable<Workspace> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var w in workspaces.Values.OrderBy(w => w.Key.TenantId, StringComparer.Ordinal))
        {
            await Task.Yield();
            yield return w;
        }
    }

    Task<Stored<Member>?> IMemberStore.GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(members.GetValueOrDefault(workspace)?.FirstOrDefault(m => m.UserId == userId) is { } m ? new Stored<Member>(m, "1") : null);

    public Task<Stored<Member>> SaveAsync(Member member, string? etag, CancellationToken cancellationToken) => throw new InvalidOperationException("Not used by follow-through.");

    Task<IReadOnlyList<Member>> IMemberStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Member>>(members.GetValueOrDefault(workspace) ?? []);

    Task<Stored<Partner>?> IPartnerStore.GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult(partners.GetValueOrDefault((workspace, partnerId)));

    Task<IReadOnlyList<Partner>> IPartnerStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Partner>>(partners.Where(kv => kv.Key.Item1 == workspace).Select(kv => kv.Value.Value).OrderBy(p => p.Id, StringComparer.Ordinal).ToList());

    public Task<Stored<Partner>> SaveAsync(WorkspaceKey workspace, Partner partner, string? etag, CancellationToken cancellationToken)
    {
        lock (partners)
        {
            if (partners.TryGetValue((workspace, partner.Id), out var current) && current.ETag != etag)
            {
                throw new ConcurrencyConflictException("changed");
            }

            var stored = new Stored<Partner>(partner, NextETag());
            partners[(workspace, partner.Id)] = stored;
            return Task.FromResult(stored);
        }
    }

    public async Task<WorkspacePipeline> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        var list = await ((IPartnerStore)this).ListAsync(workspace, cancellationToken);
        return new WorkspacePipeline(list, list.ToDictionary(p => p.Id, p => histories.GetValueOrDefault((workspace, p.Id)) ?? new PartnerHistory(), StringComparer.Ordinal));
    }

    Task<PartnerHistory> IPartnerHistoryStore.GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult(histories.GetValueOrDefault((workspace, partnerId)) ?? new PartnerHistory());

    public Task SaveScreeningAsync(WorkspaceKey workspace, PartnerScreening screening, string? etag, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SaveAssessmentAsync(WorkspaceKey workspace, DetailedAssessment assessment, string? etag, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SaveInteractionAsync(WorkspaceKey workspace, Interaction interaction, CancellationToken cancellationToken)
    {
        histories.AddOrUpdate((workspace, interaction.PartnerId), _ => new PartnerHistory { Interactions = [interaction] }, (_, h) => h with { Interactions = [.. h.Interactions, interaction] });
        return Task.CompletedTask;
    }

    public Task SaveHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, CancellationToken cancellationToken)
    {
        histories.AddOrUpdate((workspace, healthCheck.PartnerId), _ => new PartnerHistory { HealthChecks = [healthCheck] }, (_, h) => h with { HealthChecks = [.. h.HealthChecks, healthCheck] });
        return Task.CompletedTask;
    }

    Task<Stored<NeedsAssessment>?> INeedsAssessmentStore.GetAsync(WorkspaceKey workspace, string assessmentId, CancellationToken cancellationToken) =>
        Task.FromResult<Stored<NeedsAssessment>?>(null);

    Task<IReadOnlyList<NeedsAssessment>> INeedsAssessmentStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NeedsAssessment>>(needs.GetValueOrDefault(workspace) ?? []);

    public Task<Stored<NeedsAssessment>> SaveAsync(WorkspaceKey workspace, NeedsAssessment assessment, string? etag, CancellationToken cancellationToken) => throw new InvalidOperationException("Not used by follow-through.");

    public Task<IReadOnlyList<NextStep>> ListOpenForAssigneeAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NextStep>>(histories.Where(kv => kv.Key.Item1 == workspace).SelectMany(kv => kv.Value.NextSteps).Where(s => s.AssigneeUserId == userId && s.Status == NextStepStatus.Open).ToList());

    Task<Stored<NextStep>?> INextStepStore.GetAsync(WorkspaceKey workspace, string nextStepId, CancellationToken cancellationToken) =>
        Task.FromResult(histories.Where(kv => kv.Key.Item1 == workspace).SelectMany(kv => kv.Value.NextSteps).FirstOrDefault(s => s.Id == nextStepId) is { } s ? new Stored<NextStep>(s, "1") : null);

    public Task<Stored<NextStep>> SaveAsync(WorkspaceKey workspace, NextStep nextStep, string? etag, CancellationToken cancellationToken)
    {
        histories.AddOrUpdate((workspace, nextStep.PartnerId), _ => new PartnerHistory { NextSteps = [nextStep] }, (_, h) => h with { NextSteps = [.. h.NextSteps.Where(s => s.Id != nextStep.Id), nextStep] });
        return Task.FromResult(new Stored<NextStep>(nextStep, NextETag()));
    }

    private string NextETag() => Interlocked.Increment(ref etag).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
