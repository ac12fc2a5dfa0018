using System.Globalization;
using System.Runtime.CompilerServices;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Testing.InMemory;

/// <summary>
/// The one in-memory double of Core's store ports, for fast tests of flows and scheduling. It keeps the tables'
/// layout (a partition per workspace, rows in key order) and their ETag rules: no ETag inserts and fails if the row
/// exists, an ETag updates only if unchanged, and every conflict is a <see cref="ConcurrencyConflictException"/>;
/// writes the tables make in one transaction change everything or nothing here too. Integration tests use Azurite.
/// </summary>
public partial class InMemoryStores :
    IWorkspaceStore, IMemberStore, IRoleStore, IPartnerStore, INeedsAssessmentStore, IPartnerHistoryStore, INextStepStore,
    IDialogStateStore, IScreeningStore, IPipelineStore, IProactiveMessenger, IPartnerRemovalStore, IUnsentMessageStore,
    IStaffErasureStore
{
    private const char Separator = '\u001f';
    private const string WorkspacesPartition = "workspaces";

    private readonly Dictionary<string, SortedDictionary<string, (object Value, string ETag)>> partitions = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long version;

    /// <summary>What was sent to people through <see cref="IProactiveMessenger"/>, in order.</summary>
    public List<(WorkspaceKey Workspace, string UserId, IReadOnlyList<BotReply> Replies, string Key)> Sent { get; } = [];

    /// <summary>How many of the next screening saves find the partner changed by someone else just before them.</summary>
    public int ConcurrentPartnerSaves { get; set; }

    private static string Key(params string[] parts) => string.Join(Separator, parts);

    private static string Partition(string table, WorkspaceKey workspace) => Key(table, workspace.TenantId, workspace.WorkspaceId);

    private static string Pipeline(WorkspaceKey workspace) => Partition("pipeline", workspace);

    private static string PartnerRow(string partnerId) => Key("partner", partnerId);

    private static string HistoryRow(string partnerId, string kind, string id) => Key("history", partnerId, kind, id);

    private static string StepRow(string stepId) => Key("step", stepId);

    private static string DialogRow(string userId) => Key("dialog", userId);

    private SortedDictionary<string, (object Value, string ETag)> Rows(string partition)
    {
        if (!partitions.TryGetValue(partition, out var rows))
        {
            partitions[partition] = rows = new SortedDictionary<string, (object Value, string ETag)>(StringComparer.Ordinal);
        }

        return rows;
    }

    private string NewETag() => "W/\"" + Interlocked.Increment(ref version).ToString(CultureInfo.InvariantCulture) + "\"";

    private Stored<T>? Get<T>(string partition, string row)
    {
        lock (gate)
        {
            return Rows(partition).TryGetValue(row, out var found) && found.Value is T value ? new Stored<T>(value, found.ETag) : null;
        }
    }

    /// <summary>The rows of one partition whose keys start with <paramref name="prefix"/>, in key order.</summary>
    private List<Stored<T>> Query<T>(string partition, string prefix, Func<T, bool>? where = null)
    {
        lock (gate)
        {
            return [.. Rows(partition)
                .Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal) && r.Value.Value is T)
                .Select(r => new Stored<T>((T)r.Value.Value, r.Value.ETag))
                .Where(s => where is null || where(s.Value))];
        }
    }

    private bool Unchanged(string partition, string row, string? etag) =>
        Rows(partition).TryGetValue(row, out var current) ? current.ETag == etag : etag is null;

    /// <summary>Inserts when <paramref name="etag"/> is null (a conflict if the row exists), else replaces it if unchanged.</summary>
    private string Save(string partition, string row, object value, string? etag)
    {
        lock (gate)
        {
            if (!Unchanged(partition, row, etag))
            {
                throw new ConcurrencyConflictException(etag is null ? "The row already exists." : "The row changed since it was read.");
            }

            return Put(partition, row, value);
        }
    }

    private string Put(string partition, string row, object value)
    {
        lock (gate)
        {
            var etag = NewETag();
            Rows(partition)[row] = (value, etag);
            return etag;
        }
    }

    private void Remove(string partition, string row)
    {
        lock (gate)
        {
            Rows(partition).Remove(row);
        }
    }

    // Workspaces and members

    Task<Stored<Workspace>?> IWorkspaceStore.GetAsync(WorkspaceKey key, CancellationToken cancellationToken) =>
        Task.FromResult(Get<Workspace>(WorkspacesPartition, Key(key.TenantId, key.WorkspaceId)));

    public Task<Stored<Workspace>> SaveAsync(Workspace workspace, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return Task.FromResult(new Stored<Workspace>(workspace, Save(WorkspacesPartition, Key(workspace.Key.TenantId, workspace.Key.WorkspaceId), workspace, etag)));
    }

    public Task CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(firstAdmin);
        lock (gate)
        {
            Save(WorkspacesPartition, Key(workspace.Key.TenantId, workspace.Key.WorkspaceId), workspace, null);
            return ((IRoleStore)this).SaveAsync(firstAdmin, null, AdminRoster.Of(firstAdmin.UserId), null, cancellationToken);
        }
    }

    public async IAsyncEnumerable<Workspace> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var workspace in Query<Workspace>(WorkspacesPartition, ""))
        {
            await Task.Yield();
            yield return workspace.Value;
        }
    }

    Task<Stored<Member>?> IMemberStore.GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<Member>(Partition("members", workspace), Key("member", userId)));

    public Task<Stored<Member>> SaveAsync(Member member, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Task.FromResult(new Stored<Member>(member, Save(Partition("members", member.Workspace), Key("member", member.UserId), member, etag)));
    }

    Task<IReadOnlyList<Member>> IMemberStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Member>>([.. Query<Member>(Partition("members", workspace), "member").Select(m => m.Value)]);

    Task<WorkspaceRoles> IRoleStore.ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var partition = Partition("members", workspace);
            return Task.FromResult(new WorkspaceRoles(Query<Member>(partition, "member"), Get<AdminRoster>(partition, "roster")));
        }
    }

    /// <summary>Both rows or neither, like the entity-group transaction: both ETags are checked before anything changes.</summary>
    Task IRoleStore.SaveAsync(Member member, string? memberETag, AdminRoster admins, string? adminsETag, CancellationToken cancellationToken)
    {
        var partition = Partition("members", member.Workspace);
        var memberRow = Key("member", member.UserId);
        lock (gate)
        {
            if (!Unchanged(partition, memberRow, memberETag) || !Unchanged(partition, "roster", adminsETag))
            {
                throw new ConcurrencyConflictException("A row changed since it was read.");
            }

            Put(partition, memberRow, member);
            Put(partition, "roster", admins);
        }

        return Task.CompletedTask;
    }

    // Needs assessments

    Task<Stored<NeedsAssessment>?> INeedsAssessmentStore.GetAsync(WorkspaceKey workspace, string assessmentId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<NeedsAssessment>(Partition("needs", workspace), assessmentId));

    Task<IReadOnlyList<NeedsAssessment>> INeedsAssessmentStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<NeedsAssessment>>([.. Query<NeedsAssessment>(Partition("needs", workspace), "").Select(a => a.Value)]);

    public Task<Stored<NeedsAssessment>> SaveAsync(WorkspaceKey workspace, NeedsAssessment assessment, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return Task.FromResult(new Stored<NeedsAssessment>(assessment, Save(Partition("needs", workspace), assessment.Id, assessment, etag)));
    }

    // The pipeline: partners, their history and next steps, and dialogs, all in the workspace's pipeline partition.

    Task<Stored<Partner>?> IPartnerStore.GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<Partner>(Pipeline(workspace), PartnerRow(partnerId)));

    Task<IReadOnlyList<Partner>> IPartnerStore.ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Partner>>([.. Query<Partner>(Pipeline(workspace), "partner", p => !p.IsArchived).Select(p => p.Value)]);

    public Task<Stored<Partner>> SaveAsync(WorkspaceKey workspace, Partner partner, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return Task.FromResult(new Stored<Partner>(partner, Save(Pipeline(workspace), PartnerRow(partner.Id), partner, etag)));
    }

    public Task<PartnerHistory> GetAsync(WorkspaceKey workspace, string partnerId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(History(workspace, partnerId));
        }
    }

    private PartnerHistory History(WorkspaceKey workspace, string partnerId)
    {
        var partition = Pipeline(workspace);
        var prefix = Key("history", partnerId, "");
        var screenings = Query<PartnerScreening>(partition, prefix);
        var assessments = Query<DetailedAssessment>(partition, prefix);
        var interactions = Query<Interaction>(partition, prefix);
        var checks = Query<HealthCheck>(partition, prefix);
        return new PartnerHistory
        {
            Screenings = [.. screenings.Select(s => s.Value)],
            ScreeningETags = screenings.ToDictionary(s => s.Value.RaterUserId, s => s.ETag, StringComparer.Ordinal),
            Assessments = [.. assessments.Select(a => a.Value)],
            AssessmentETags = assessments.ToDictionary(a => a.Value.AssessorUserId, a => a.ETag, StringComparer.Ordinal),
            NextSteps = [.. Query<NextStep>(partition, "step", s => s.PartnerId == partnerId).Select(s => s.Value)],
            Interactions = [.. interactions.Select(i => i.Value)],
            InteractionETags = interactions.ToDictionary(i => i.Value.Id, i => i.ETag, StringComparer.Ordinal),
            HealthChecks = [.. checks.Select(h => h.Value)],
            HealthCheckETags = checks.ToDictionary(h => h.Value.Id, h => h.ETag, StringComparer.Ordinal),
            Formalisation = Get<Formalisation>(partition, HistoryRow(partnerId, "formalisation", "formalisation")),
        };
    }

    public Task SaveAssessmentAsync(WorkspaceKey workspace, DetailedAssessment assessment, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        Save(Pipeline(workspace), HistoryRow(assessment.PartnerId, "assessment", assessment.AssessorUserId), assessment, etag);
        return Task.CompletedTask;
    }

    public Task SaveInteractionAsync(WorkspaceKey workspace, Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        Put(Pipeline(workspace), HistoryRow(interaction.PartnerId, "interaction", interaction.Id), interaction);
        return Task.CompletedTask;
    }

    public Task<string> UpdateInteractionAsync(WorkspaceKey workspace, Interaction interaction, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return Task.FromResult(Save(Pipeline(workspace), HistoryRow(interaction.PartnerId, "interaction", interaction.Id), interaction, etag));
    }

    public Task SaveHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(healthCheck);
        Put(Pipeline(workspace), HistoryRow(healthCheck.PartnerId, "health", healthCheck.Id), healthCheck);
        return Task.CompletedTask;
    }

    public Task<string> UpdateHealthCheckAsync(WorkspaceKey workspace, HealthCheck healthCheck, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(healthCheck);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return Task.FromResult(Save(Pipeline(workspace), HistoryRow(healthCheck.PartnerId, "health", healthCheck.Id), healthCheck, etag));
    }

    public Task<Stored<Formalisation>> SaveFormalisationAsync(WorkspaceKey workspace, Formalisation formalisation, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(formalisation);
        var saved = Save(Pipeline(workspace), HistoryRow(formalisation.PartnerId, "formalisation", "formalisation"), formalisation, etag);
        return Task.FromResult(new Stored<Formalisation>(formalisation, saved));
    }

    public Task<IReadOnlyList<Stored<NextStep>>> ListOpenForAssigneeAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Stored<NextStep>>>(Query<NextStep>(Pipeline(workspace), "step", s => s.AssigneeUserId == userId && s.Status == NextStepStatus.Open));

    Task<Stored<NextStep>?> INextStepStore.GetAsync(WorkspaceKey workspace, string nextStepId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<NextStep>(Pipeline(workspace), StepRow(nextStepId)));

    public Task<Stored<NextStep>> SaveAsync(WorkspaceKey workspace, NextStep nextStep, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nextStep);
        return Task.FromResult(new Stored<NextStep>(nextStep, Save(Pipeline(workspace), StepRow(nextStep.Id), nextStep, etag)));
    }

    /// <summary>Both rows or neither, like the entity-group transaction.</summary>
    public Task<(Stored<Partner> Partner, Stored<NextStep> Step)> AssignAsync(
        WorkspaceKey workspace, Partner partner, string partnerETag, NextStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(step);
        if (step.PartnerId != partner.Id)
        {
            throw new ArgumentException("The next step must belong to the partner it is saved with.", nameof(step));
        }

        var partition = Pipeline(workspace);
        lock (gate)
        {
            if (!Unchanged(partition, PartnerRow(partner.Id), partnerETag) || !Unchanged(partition, StepRow(step.Id), null))
            {
                throw new ConcurrencyConflictException("A row changed since it was read.");
            }

            return Task.FromResult((
                new Stored<Partner>(partner, Put(partition, PartnerRow(partner.Id), partner)),
                new Stored<NextStep>(step, Put(partition, StepRow(step.Id), step))));
        }
    }

    Task<Stored<DialogState>?> IDialogStateStore.GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(Get<DialogState>(Pipeline(workspace), DialogRow(userId)));

    public Task<Stored<DialogState>> SaveAsync(WorkspaceKey workspace, string userId, DialogState state, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var saved = etag is null ? Put(Pipeline(workspace), DialogRow(userId), state) : Save(Pipeline(workspace), DialogRow(userId), state, etag);
        return Task.FromResult(new Stored<DialogState>(state, saved));
    }

    public Task DeleteAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        Remove(Pipeline(workspace), DialogRow(userId));
        return Task.CompletedTask;
    }

    public Task<ScreeningView> ReadForRaterAsync(WorkspaceKey workspace, string raterUserId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(new ScreeningView(
                Query<Partner>(Pipeline(workspace), "partner", p => !p.IsArchived),
                Query<PartnerScreening>(Pipeline(workspace), "history", s => s.RaterUserId == raterUserId),
                null));
        }
    }

    public Task<ScreeningView> ReadForPartnerAsync(WorkspaceKey workspace, string partnerId, string userId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(new ScreeningView(
                Query<Partner>(Pipeline(workspace), "partner", p => !p.IsArchived),
                Query<PartnerScreening>(Pipeline(workspace), Key("history", partnerId, "screening", "")),
                Get<DialogState>(Pipeline(workspace), DialogRow(userId))));
        }
    }

    /// <summary>All or nothing, like the entity-group transaction: every ETag is checked before anything changes.</summary>
    public Task<ScreeningSaveResult> SaveAsync(WorkspaceKey workspace, PartnerScreening screening, string? screeningETag, Stored<Partner> partner, Stored<DialogState>? closing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(partner);
        var partition = Pipeline(workspace);
        var screeningRow = HistoryRow(screening.PartnerId, "screening", screening.RaterUserId);
        var partnerRow = PartnerRow(partner.Value.Id);
        lock (gate)
        {
            var rows = Rows(partition);
            if (ConcurrentPartnerSaves > 0 && rows.TryGetValue(partnerRow, out var racing))
            {
                // Someone else's save lands first: the partner row gets a new ETag.
                ConcurrentPartnerSaves--;
                Put(partition, partnerRow, racing.Value);
            }

            if (!Unchanged(partition, screeningRow, screeningETag))
            {
                return Task.FromResult(ScreeningSaveResult.RatingsChanged);
            }

            if (!rows.TryGetValue(partnerRow, out var current) || current.ETag != partner.ETag)
            {
                return Task.FromResult(ScreeningSaveResult.PartnerChanged);
            }

            Put(partition, screeningRow, screening);
            Put(partition, partnerRow, partner.Value);
            if (closing is not null && rows.TryGetValue(DialogRow(screening.RaterUserId), out var dialog) && dialog.ETag == closing.ETag)
            {
                rows.Remove(DialogRow(screening.RaterUserId));
            }

            return Task.FromResult(ScreeningSaveResult.Saved);
        }
    }

    public Task<WorkspacePipeline> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var partners = Query<Partner>(Pipeline(workspace), "partner", p => !p.IsArchived).Select(p => p.Value).ToList();
            return Task.FromResult(new WorkspacePipeline(partners, partners.ToDictionary(p => p.Id, p => History(workspace, p.Id), StringComparer.Ordinal)));
        }
    }

    // Archiving and erasing

    public Task<IReadOnlyList<Stored<Partner>>> ListArchivedAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Stored<Partner>>>(Query<Partner>(Pipeline(workspace), "partner", p => p.IsArchived));

    /// <summary>All at once, as the tables' first transaction is for any partner with fewer than 98 rows.</summary>
    public Task<PartnerErasure> EraseAsync(WorkspaceKey workspace, string partnerId, string partnerETag, PartnerErasure audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var partition = Pipeline(workspace);
        lock (gate)
        {
            var rows = Rows(partition);
            if (!rows.TryGetValue(PartnerRow(partnerId), out var current) || current.ETag != partnerETag)
            {
                throw new ConcurrencyConflictException("The partner changed or was removed since it was read.");
            }

            var history = Key("history", partnerId, "");
            var doomed = rows.Where(r => r.Key.StartsWith(history, StringComparison.Ordinal)
                || (r.Key.StartsWith(Key("step", ""), StringComparison.Ordinal) && r.Value.Value is NextStep step && step.PartnerId == partnerId)).Select(r => r.Key).ToList();
            foreach (var row in doomed)
            {
                rows.Remove(row);
            }

            rows.Remove(PartnerRow(partnerId));
            var done = audit with { RowsRemoved = doomed.Count };
            Put(partition, Key("audit", audit.Id), done);
            return Task.FromResult(done);
        }
    }

    /// <summary>Here every message in <see cref="Sent"/> counts as unsent: nothing is delivered.</summary>
    public Task<int> RemoveUnsentAsync(WorkspaceKey workspace, Func<Core.FollowThrough.Delivery.OutboxMessage, bool> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        lock (Sent)
        {
            var removed = Sent.RemoveAll(m => names(new Core.FollowThrough.Delivery.OutboxMessage
            {
                Key = m.Key,
                Workspace = m.Workspace,
                RecipientUserId = m.UserId,
                PayloadJson = Core.FollowThrough.Delivery.OutboxPayload.Serialize(m.Replies),
                NextAttemptAt = DateTimeOffset.MinValue,
                CreatedAt = DateTimeOffset.MinValue,
            }));
            return Task.FromResult(removed);
        }
    }

    /// <summary>Rows left in a workspace's pipeline partition, for tests that check an erase left nothing behind.</summary>
    public IReadOnlyList<object> PipelineRows(WorkspaceKey workspace)
    {
        lock (gate)
        {
            return [.. Rows(Pipeline(workspace)).Values.Select(v => v.Value)];
        }
    }

    public Task SendAsync(WorkspaceKey workspace, string userId, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add((workspace, userId, replies, idempotencyKey));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// As the tables do it: the person's member row and open dialog go; every other row of the workspace that names
    /// them is rewritten through its JSON form, key included, with <see cref="StaffErasure.Scrub(System.Text.Json.Nodes.JsonNode?)"/>.
    /// </summary>
    public Task<StaffErasureResult> EraseAsync(WorkspaceKey workspace, StaffErasure erasure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var (removed, rewritten) = (0, 0);
        lock (gate)
        {
            var own = new HashSet<(string, string)> { (Partition("members", workspace), Key("member", erasure.UserId)), (Pipeline(workspace), DialogRow(erasure.UserId)) };
            var prefix = Key("", workspace.TenantId, workspace.WorkspaceId);
            var workspaceRow = Key(workspace.TenantId, workspace.WorkspaceId);
            foreach (var (partition, rows) in partitions.Where(p => p.Key.EndsWith(prefix, StringComparison.Ordinal) || p.Key == WorkspacesPartition).ToList())
            {
                foreach (var (row, (value, _)) in rows.ToList())
                {
                    if (partition == WorkspacesPartition && row != workspaceRow)
                    {
                        continue;
                    }

                    if (own.Contains((partition, row)))
                    {
                        rows.Remove(row);
                        removed++;
                        continue;
                    }

                    var node = System.Text.Json.JsonSerializer.SerializeToNode(value, value.GetType(), json);
                    var scrubbed = erasure.Scrub(node);
                    var key = string.Join(Separator, row.Split(Separator).Select(erasure.Scrub));
                    if (System.Text.Json.Nodes.JsonNode.DeepEquals(node, scrubbed) && key == row)
                    {
                        continue;
                    }

                    rows.Remove(row);
                    rows[key] = (System.Text.Json.JsonSerializer.Deserialize(scrubbed, value.GetType(), json)!, NewETag());
                    rewritten++;
                }
            }
        }

        return Task.FromResult(new StaffErasureResult(removed, rewritten));
    }
}
