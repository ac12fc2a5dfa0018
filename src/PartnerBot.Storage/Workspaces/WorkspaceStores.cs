using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Workspaces;

/// <summary>Workspaces: partition = tenant, row = workspace id.</summary>
public sealed class TableWorkspaceStore(TableProvider tables, IRoleStore roles) : IWorkspaceStore
{
    public const string TableName = "Workspaces";

    private TableClient Table => tables.GetTable(TableName);

    public Task<Stored<Workspace>?> GetAsync(WorkspaceKey key, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<Workspace>(Table, KeyEncoder.Encode(key.TenantId), KeyEncoder.Encode(key.WorkspaceId), cancellationToken);

    public async Task CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken)
    {
        var entity = JsonRows.ToEntity(KeyEncoder.Encode(workspace.Key.TenantId), KeyEncoder.Encode(workspace.Key.WorkspaceId), "workspace", workspace);
        await JsonRows.SaveAsync(Table, entity, null, cancellationToken);
        // Another table, so not the same transaction: if this step never happens, the workspace has no roster, and
        // the next person to join becomes its first admin (WorkspaceDirectory).
        await roles.SaveAsync(firstAdmin, null, AdminRoster.Of(firstAdmin.UserId), null, cancellationToken);
    }

    public async Task<Stored<Workspace>> SaveAsync(Workspace workspace, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var entity = JsonRows.ToEntity(KeyEncoder.Encode(workspace.Key.TenantId), KeyEncoder.Encode(workspace.Key.WorkspaceId), "workspace", workspace);
        return new(workspace, await JsonRows.SaveAsync(Table, entity, etag, cancellationToken));
    }

    public async IAsyncEnumerable<Workspace> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A scan, on purpose: only scheduled jobs walk every workspace.
        await foreach (var entity in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            yield return JsonRows.FromEntity<Workspace>(entity);
        }
    }
}

/// <summary>
/// Members: partition = workspace, row = user id; so a workspace's members are one partition query. The partition also
/// holds the workspace's admin roster (row <see cref="AdminsRow"/>), so a role change and the roster change in one
/// entity-group transaction.
/// </summary>
public sealed class TableMemberStore(TableProvider tables) : IMemberStore, IRoleStore
{
    public const string TableName = "Members";

    /// <summary>Encoded user ids never hold an unescaped '|', so no member's row can be called this.</summary>
    public const string AdminsRow = "workspace|admins";

    private const string MemberKind = "member";
    private const string AdminsKind = "admins";

    private TableClient Table => tables.GetTable(TableName);

    public Task<Stored<Member>?> GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<Member>(Table, JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(userId), cancellationToken);

    public async Task<Stored<Member>> SaveAsync(Member member, string? etag, CancellationToken cancellationToken) =>
        new(member, await JsonRows.SaveAsync(Table, MemberRow(member), etag, cancellationToken));

    public async Task<IReadOnlyList<Member>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        (await ReadAsync(workspace, cancellationToken)).Members.Select(m => m.Value).ToList();

    public async Task<WorkspaceRoles> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        var members = new List<Stored<Member>>();
        Stored<AdminRoster>? admins = null;
        foreach (var row in await JsonRows.QueryPartitionAsync(Table, JsonRows.WorkspacePartition(workspace), cancellationToken))
        {
            if (row.RowKey == AdminsRow)
            {
                admins = new(JsonRows.FromEntity<AdminRoster>(row), row.ETag.ToString());
            }
            else
            {
                members.Add(new(JsonRows.FromEntity<Member>(row), row.ETag.ToString()));
            }
        }

        return new WorkspaceRoles(members, admins);
    }

    public async Task SaveAsync(Member member, string? memberETag, AdminRoster admins, string? adminsETag, CancellationToken cancellationToken)
    {
        var roster = JsonRows.ToEntity(JsonRows.WorkspacePartition(member.Workspace), AdminsRow, AdminsKind, admins);
        TableTransactionAction[] actions =
        [
            memberETag is null
                ? new(TableTransactionActionType.Add, MemberRow(member))
                : new(TableTransactionActionType.UpdateReplace, MemberRow(member), new ETag(memberETag)),
            adminsETag is null
                ? new(TableTransactionActionType.Add, roster)
                : new(TableTransactionActionType.UpdateReplace, roster, new ETag(adminsETag)),
        ];
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyConflictException(
                e.FailedTransactionActionIndex == 0 ? "The member changed since it was read, or already exists." : "The admin roster changed since it was read, or already exists.",
                e);
        }
    }

    private static TableEntity MemberRow(Member member) =>
        JsonRows.ToEntity(JsonRows.WorkspacePartition(member.Workspace), KeyEncoder.Encode(member.UserId), MemberKind, member);
}
