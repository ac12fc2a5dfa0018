using System.Text.Json.Nodes;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Stores;

/// <summary>One file of a workspace export: every stored row of one kind, each as its JSON document.</summary>
/// <param name="Name">The file name, e.g. <c>partners.json</c>.</param>
/// <param name="Rows">The rows, in key order.</param>
public sealed record WorkspaceExportFile(string Name, JsonArray Rows);

/// <summary>Everything a workspace holds, for its admins to take away.</summary>
public interface IWorkspaceExportStore
{
    /// <summary>
    /// Every row of every table the workspace owns, grouped by kind, one file per kind. A kind of row the export does not
    /// know by name still comes out, in a file named after its table and kind: nothing stored is left behind.
    /// </summary>
    Task<IReadOnlyList<WorkspaceExportFile>> ReadAllAsync(WorkspaceKey workspace, CancellationToken cancellationToken);
}

/// <summary>How much an erasure of a person changed.</summary>
/// <param name="RowsRemoved">The person's own rows: their member row, open dialog, reminder settings and states, chat address.</param>
/// <param name="RowsRewritten">Rows of others' work that named them and now name a former staff member.</param>
public sealed record StaffErasureResult(int RowsRemoved, int RowsRewritten);

/// <summary>Erasing a staff member's personal data on an admin's request.</summary>
public interface IStaffErasureStore
{
    /// <summary>
    /// Removes the person's own rows and rewrites every other row of the workspace that names them, by id or by name,
    /// as <paramref name="erasure"/> says (<see cref="StaffErasure.Scrub(string)"/>). Each row changes only if it is
    /// unchanged since it was read; a row that keeps changing throws <see cref="ConcurrencyConflictException"/>, and
    /// running the erasure again finishes it (rows already rewritten no longer name the person).
    /// </summary>
    Task<StaffErasureResult> EraseAsync(WorkspaceKey workspace, StaffErasure erasure, CancellationToken cancellationToken);
}

/// <summary>Where no erasure store is wired: erasing fails rather than pretending to have removed anything.</summary>
public sealed class NoStaffErasure : IStaffErasureStore
{
    public static NoStaffErasure Instance { get; } = new();

    public Task<StaffErasureResult> EraseAsync(WorkspaceKey workspace, StaffErasure erasure, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("No staff erasure store is configured in this host.");
}
