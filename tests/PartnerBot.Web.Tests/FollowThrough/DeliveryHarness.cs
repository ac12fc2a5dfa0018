using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Connector;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;
using PartnerBot.Testing.FakeConnector;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// Conversation references kept in memory. The host engineer owns the table-backed store; these tests are about the
/// outbox, which is in Azurite.
/// </summary>
internal sealed class MemoryReferences : IConversationReferenceStore
{
    public ConcurrentDictionary<string, StoredConversationReference> All { get; } = new(StringComparer.Ordinal);

    public Task<StoredConversationReference?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        Task.FromResult(All.GetValueOrDefault(tenantId + "|" + userId));

    public Task SaveAsync(StoredConversationReference reference, CancellationToken cancellationToken)
    {
        All[reference.TenantId + "|" + reference.UserId] = reference;
        return Task.CompletedTask;
    }

    public Task<bool> SaveIfFirstContactAsync(
        StoredConversationReference reference, Func<StoredConversationReference?, bool> isFirstContact, CancellationToken cancellationToken)
    {
        var first = isFirstContact(All.GetValueOrDefault(reference.TenantId + "|" + reference.UserId));
        All[reference.TenantId + "|" + reference.UserId] = reference;
        return Task.FromResult(first);
    }

    public Task MarkUnreachableAsync(string tenantId, string userId, string reason, CancellationToken cancellationToken)
    {
        if (All.TryGetValue(tenantId + "|" + userId, out var r))
        {
            All[tenantId + "|" + userId] = r with { Reachable = false, UnreachableReason = reason };
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredConversationReference>> ListUnreachableAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredConversationReference>>(All.Values.Where(r => r.TenantId == tenantId && !r.Reachable).ToList());
}

/// <summary>A fake connector, fresh outbox tables in Azurite, and as many dispatcher instances as a test wants.</summary>
internal sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private DeliveryHarness(FakeConnectorServer connector, TableProvider tables)
    {
        Connector = connector;
        Tables = tables;
        Outbox = new TableOutboxStore(tables);
        Client = new FakeConnectorClient(http);
    }

    public FakeConnectorServer Connector { get; }

    public TableProvider Tables { get; }

    public TableOutboxStore Outbox { get; }

    public FakeConnectorClient Client { get; }

    public MemoryReferences References { get; } = new();

    public static async Task<DeliveryHarness> StartAsync()
    {
        var connection = await AzuriteServer.GetConnectionStringAsync();
        var prefix = "ft" + Guid.NewGuid().ToString("N")[..12];
        var tables = new TableProvider(new TableServiceClient(connection), Options.Create(new TableStorageOptions { ConnectionString = connection, TablePrefix = prefix }));
        foreach (var name in new[] { TableOutboxStore.TableName, TableOutboxStore.KeysTableName, TableLeaseStore.TableName, TableFollowThroughSettingsStore.TableName })
        {
            await tables.GetTable(name).CreateIfNotExistsAsync();
        }

        return new DeliveryHarness(await FakeConnectorServer.StartAsync(), tables);
    }

    /// <summary>A separate instance: its own limiter and id, sharing the outbox, as a second app replica would.</summary>
    public OutboxDispatcher NewDispatcher(string instance, DeliveryOptions? options = null, TimeProvider? clock = null, IConnectorClient? connector = null, IOutboxStore? outbox = null)
    {
        var settings = Options.Create(options ?? new DeliveryOptions());
        var time = clock ?? TimeProvider.System;
        return new(outbox ?? Outbox, connector ?? Client, References, new TeamsRateLimiter(settings.Value.Limits, TimeProvider.System),
            NewTenantLeases(settings, time), settings, time, NullLogger<OutboxDispatcher>.Instance)
        {
            InstanceId = instance,
        };
    }

    /// <summary>An instance's hold on tenants' send leases, over the shared lease table.</summary>
    public TenantSendLeases NewTenantLeases(IOptions<DeliveryOptions> options, TimeProvider clock) =>
        new(new TableLeaseStore(Tables, clock), options, clock, NullLogger<TenantSendLeases>.Instance);

    public OutboxMessenger NewMessenger() => new(Outbox, TimeProvider.System, new DispatchSignal());

    /// <summary>Registers people who talked to the bot: one conversation each, spread over tenants.</summary>
    public IReadOnlyList<(WorkspaceKey Workspace, string UserId)> AddPeople(int count, int tenants)
    {
        var people = new List<(WorkspaceKey, string)>();
        for (var i = 0; i < count; i++)
        {
            var tenant = $"tenant-{i % tenants}";
            var user = $"user-{i}";
            References.All[tenant + "|" + user] = new StoredConversationReference
            {
                TenantId = tenant,
                UserId = user,
                ChannelId = "msteams",
                ServiceUrl = Connector.ServiceUrlFor(tenant),
                ConversationId = $"a:conv-{i}",
                ChannelUserId = $"29:{i}",
                ConversationType = "personal",
                UpdatedAt = DateTimeOffset.UtcNow,
            };
            people.Add((WorkspaceKey.DefaultFor(tenant), user));
        }

        return people;
    }

    public static IReadOnlyList<BotReply> Card(string text) => [BotReply.Say(text)];

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Connector.DisposeAsync();
    }
}
