using Azure.Data.Tables;
using PartnerBot.Core.Introductions;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Pipeline;

/// <summary>
/// Introductions between community actors: one <c>intro|{id}</c> row each in the workspace's pipeline partition, so the
/// whole-pipeline read (the digest's) carries them. The plain <c>FirstPartner</c> and <c>SecondPartner</c> columns let
/// erasing a partner find the introductions that name it with one filter.
/// </summary>
public sealed class TableIntroductionStore(TableProvider tables) : IIntroductionStore
{
    public const string Kind = "introduction";

    private TableClient Table => tables.GetTable(PipelineTable.Name);

    public async Task<IReadOnlyList<Stored<Introduction>>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        (await JsonRows.QueryPartitionAsync(Table, PipelineTable.Partition(workspace), cancellationToken, PipelineTable.Under(PipelineTable.IntroductionPrefix)))
            .Select(row => new Stored<Introduction>(JsonRows.FromEntity<Introduction>(row), row.ETag.ToString()))
            .ToList();

    public Task<Stored<Introduction>?> GetAsync(WorkspaceKey workspace, string introductionId, CancellationToken cancellationToken) =>
        JsonRows.GetAsync<Introduction>(Table, PipelineTable.Partition(workspace), PipelineTable.IntroductionRow(introductionId), cancellationToken);

    public async Task<Stored<Introduction>> SaveAsync(WorkspaceKey workspace, Introduction introduction, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        return new(introduction, await JsonRows.SaveAsync(Table, Row(workspace, introduction), etag, cancellationToken));
    }

    /// <summary>The introduction's only row.</summary>
    public static TableEntity Row(WorkspaceKey workspace, Introduction introduction) =>
        JsonRows.ToEntity(PipelineTable.Partition(workspace), PipelineTable.IntroductionRow(introduction.Id), Kind, introduction,
            new Dictionary<string, object>
            {
                ["FirstPartner"] = introduction.FirstPartnerId,
                ["SecondPartner"] = introduction.SecondPartnerId,
            });
}
