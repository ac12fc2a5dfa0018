using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.FollowThrough;

/// <summary>
/// One partition per workspace. Rows: "settings|nudges", "settings|digest", "prefs|{user}", "state|{user}|{cause}".
/// Values are small JSON documents: they are read whole and never queried by field.
/// </summary>
public sealed class TableFollowThroughSettingsStore(TableProvider tables) : IFollowThroughSettingsStore
{
    public const string TableName = "followthrough";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(), new ReadOnlySetConverter() } };

    private TableClient Table => tables.GetTable(TableName);

    public async Task<NudgeSettings> GetNudgeSettingsAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        await ReadAsync<NudgeSettings>(workspace, KeyEncoder.Compose("settings", "nudges"), cancellationToken) ?? NudgeSettings.Default;

    public Task SaveNudgeSettingsAsync(WorkspaceKey workspace, NudgeSettings settings, CancellationToken cancellationToken) =>
        WriteAsync(workspace, KeyEncoder.Compose("settings", "nudges"), settings, cancellationToken);

    public async Task<DigestSettings> GetDigestSettingsAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        await ReadAsync<DigestSettings>(workspace, KeyEncoder.Compose("settings", "digest"), cancellationToken) ?? new DigestSettings();

    public Task SaveDigestSettingsAsync(WorkspaceKey workspace, DigestSettings settings, CancellationToken cancellationToken) =>
        WriteAsync(workspace, KeyEncoder.Compose("settings", "digest"), settings, cancellationToken);

    public async Task<DeliveryPreferences> GetPreferencesAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken) =>
        await ReadAsync<DeliveryPreferences>(workspace, KeyEncoder.Compose("prefs", userId), cancellationToken) ?? DeliveryPreferences.Default;

    public Task SavePreferencesAsync(WorkspaceKey workspace, string userId, DeliveryPreferences preferences, CancellationToken cancellationToken) =>
        WriteAsync(workspace, KeyEncoder.Compose("prefs", userId), preferences, cancellationToken);

    public async Task<IReadOnlyList<NudgeState>> ListNudgeStatesAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(workspace)}") + " and " + KeyEncoder.RowKeysUnder("state", userId);
        var list = new List<NudgeState>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (JsonSerializer.Deserialize<NudgeState>(e.GetString("Json"), Json) is { } state)
            {
                list.Add(state);
            }
        }

        return list;
    }

    public Task SaveNudgeStateAsync(WorkspaceKey workspace, string userId, NudgeState state, CancellationToken cancellationToken) =>
        WriteAsync(workspace, KeyEncoder.Compose("state", userId, state.CauseKey), state, cancellationToken);

    private static string Partition(WorkspaceKey workspace) => KeyEncoder.Compose(workspace.TenantId, workspace.WorkspaceId);

    private async Task<T?> ReadAsync<T>(WorkspaceKey workspace, string row, CancellationToken cancellationToken)
        where T : class
    {
        var e = await Table.GetEntityIfExistsAsync<TableEntity>(Partition(workspace), row, cancellationToken: cancellationToken);
        return e.HasValue ? JsonSerializer.Deserialize<T>(e.Value!.GetString("Json"), Json) : null;
    }

    // Last writer wins: these rows belong to one person (or one admin's settings) and are rewritten whole.
    private async Task WriteAsync<T>(WorkspaceKey workspace, string row, T value, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(Partition(workspace), row) { ["Json"] = JsonSerializer.Serialize(value, Json) }, TableUpdateMode.Replace, cancellationToken);
}
