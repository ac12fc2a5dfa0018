using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Introductions;

/// <summary>What the partner card shows of introductions: the workspace's introductions and the partners they name.</summary>
/// <param name="Introductions">Every introduction of the workspace, each with its ETag; the card keeps those naming its partner.</param>
/// <param name="Partners">The partners the introductions name, by id (archived ones included, so a name is never lost).</param>
public sealed record PartnerIntroductions(IReadOnlyList<Stored<Introduction>> Introductions, IReadOnlyDictionary<string, Partner> Partners);

/// <summary>Where no introduction store is wired: there are none, and recording one fails rather than pretending to save.</summary>
public sealed class NoIntroductions : IIntroductionStore
{
    public static NoIntroductions Instance { get; } = new();

    public Task<IReadOnlyList<Stored<Introduction>>> ListAsync(Workspaces.WorkspaceKey workspace, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Stored<Introduction>>>([]);

    public Task<Stored<Introduction>?> GetAsync(Workspaces.WorkspaceKey workspace, string introductionId, CancellationToken cancellationToken) =>
        Task.FromResult<Stored<Introduction>?>(null);

    public Task<Stored<Introduction>> SaveAsync(Workspaces.WorkspaceKey workspace, Introduction introduction, string? etag, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No introduction store is configured in this host.");
}
