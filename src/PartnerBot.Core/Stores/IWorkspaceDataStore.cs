using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Stores;

/// <summary>How much a workspace holds, by kind: what 'erase workspace' shows before, and says it removed after.</summary>
public sealed record WorkspaceDataCounts
{
    public int Partners { get; init; }
    public int NeedsAssessments { get; init; }
    public int Screenings { get; init; }
    public int Assessments { get; init; }
    public int Interactions { get; init; }
    public int HealthChecks { get; init; }
    public int Formalisations { get; init; }
    public int NextSteps { get; init; }
    public int Members { get; init; }

    /// <summary>Follow-through settings: the workspace's nudge and digest settings, people's preferences and reminder states.</summary>
    public int Settings { get; init; }

    /// <summary>Cards people have open (a dialog in progress) and the records of erased partners.</summary>
    public int Other { get; init; }

    /// <summary>Messages waiting to be sent, and the delivery records of messages sent.</summary>
    public int Messages { get; init; }

    public int Total => Partners + NeedsAssessments + Screenings + Assessments + Interactions + HealthChecks + Formalisations + NextSteps + Members + Settings + Other + Messages;
}

/// <summary>Everything one workspace owns, counted and erased at once.</summary>
public interface IWorkspaceDataStore
{
    Task<WorkspaceDataCounts> CountAsync(WorkspaceKey workspace, CancellationToken cancellationToken);

    /// <summary>
    /// Erases the workspace's data, the workspace row last. Goes ahead only if the workspace row is unchanged since
    /// <paramref name="workspaceETag"/> (the first write claims it, so a second confirmation finds it changed), else throws
    /// <see cref="ConcurrencyConflictException"/> and removes nothing. An erase stopped midway is finished by erasing again.
    /// Returns what was removed.
    /// </summary>
    Task<WorkspaceDataCounts> EraseAsync(WorkspaceKey workspace, string workspaceETag, CancellationToken cancellationToken);
}

/// <summary>Where no store is wired there is nothing to erase, and the command says so.</summary>
public sealed class NoWorkspaceData : IWorkspaceDataStore
{
    public static NoWorkspaceData Instance { get; } = new();

    public Task<WorkspaceDataCounts> CountAsync(WorkspaceKey workspace, CancellationToken cancellationToken) => Task.FromResult(new WorkspaceDataCounts());

    public Task<WorkspaceDataCounts> EraseAsync(WorkspaceKey workspace, string workspaceETag, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No workspace data store is configured.");
}
