using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Workspaces;

/// <summary>Workspaces: partition = tenant, row = workspace id.</summary>
public sealed class TableWorkspaceStore(TableProvider tables, IMemberStore members) : IWorkspaceStore
{
    public const string TableName = "Workspaces";

    private TableClient Table => tables.GetTable(TableName);

    public Task<Stored<Workspace>?> GetAsync(WorkspaceKey key, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<Workspace>(Table, KeyEncoder.Encode(key.TenantId), KeyEncoder.Encode(key.WorkspaceId), cancellationToken);

    public async Task CreateAsync(Workspace workspace, Member firstAdmin, CancellationToken cancellationToken)
    {
        var entity = JsonRows.ToEntity(KeyEncoder.Encode(workspace.Key.TenantId), KeyEncoder.Encode(workspace.Key.WorkspaceId), "workspace", workspace);
        await JsonRows.SaveAsync(Table, entity, null, cancellationToken);
        try
        {
            await members.SaveAsync(firstAdmin, null, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // The admin's row exists from an earlier, interrupted attempt; the workspace now exists too.
        }
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

/// <summary>Members: partition = workspace, row = user id; so a workspace's members are one partition query.</summary>
public sealed class TableMemberStore(TableProvider tables) : IMemberStore
{
    public const string TableName = "Members";

    private TableClient Table => tables.GetTable(TableName);

    public Task<Stored<Member>?> GetAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<Member>(Table, JsonRows.WorkspacePartition(workspace), KeyEncoder.Encode(userId), cancellationToken);

    public async Task<Stored<Member>> SaveAsync(Member member, string? etag, CancellationToken cancellationToken)
    {
        var entity = JsonRows.ToEntity(JsonRows.WorkspacePartition(member.Workspace), KeyEncoder.Encode(member.UserId), "member", member);
        return new Stored<Member>(member, await JsonRows.SaveAsync(Table, entity, etag, cancellationToken));
    }

    public async Task<IReadOnlyList<Member>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        (await JsonRows.QueryPartitionAsync(Table, JsonRows.WorkspacePartition(workspace), cancellationToken)).Select(JsonRows.FromEntity<Member>).ToList();
}
