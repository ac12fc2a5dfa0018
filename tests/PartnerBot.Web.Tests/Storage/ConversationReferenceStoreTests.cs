using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Storage.Tables;
using PartnerBot.Testing;

namespace PartnerBot.Web.Tests.Storage;

/// <summary>The table store and its cache, against Azurite, counting the requests that reach it.</summary>
public sealed class ConversationReferenceStoreTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly CountingPolicy requests = new();

    [Fact]
    public async Task Save_ThenGet_RoundTripsKeysWithReservedCharacters()
    {
        var store = await CreateTableStoreAsync();
        var reference = Reference("tenant/with\\odd#chars?", "user/ü\u0001#?") with { UserName = "Åsa / Ünal" };

        await store.SaveAsync(reference, CancellationToken.None);
        var read = await store.GetAsync(reference.TenantId, reference.UserId, CancellationToken.None);

        Assert.Equal(reference, read);
    }

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        var store = await CreateTableStoreAsync();

        Assert.Null(await store.GetAsync("t", "nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Save_UnchangedExceptTime_DoesNotWriteAgain()
    {
        var store = await CreateTableStoreAsync();
        var reference = Reference("t1", "u1");
        await store.SaveAsync(reference, CancellationToken.None);
        var before = requests.Writes;

        await store.SaveAsync(reference with { UpdatedAt = reference.UpdatedAt.AddHours(1) }, CancellationToken.None);

        Assert.Equal(before, requests.Writes);
    }

    [Fact]
    public async Task CachedSave_Unchanged_CostsNoRequestAtAll()
    {
        var store = new CachedConversationReferenceStore(await CreateTableStoreAsync(), time);
        var reference = Reference("t1", "u1");
        await store.SaveAsync(reference, CancellationToken.None);
        var before = requests.All;

        await store.SaveAsync(reference with { UpdatedAt = reference.UpdatedAt.AddMinutes(1) }, CancellationToken.None);

        Assert.Equal(before, requests.All);
    }

    [Fact]
    public async Task CachedSave_ServiceUrlChanged_Writes()
    {
        var tableStore = await CreateTableStoreAsync();
        var store = new CachedConversationReferenceStore(tableStore, time);
        var reference = Reference("t1", "u1");
        await store.SaveAsync(reference, CancellationToken.None);

        await store.SaveAsync(reference with { ServiceUrl = "https://smba.example.test/emea/" }, CancellationToken.None);

        Assert.Equal("https://smba.example.test/emea/", (await tableStore.GetAsync("t1", "u1", CancellationToken.None))!.ServiceUrl);
    }

    [Fact]
    public async Task CachedSave_AfterEntryExpired_ChecksTheTableAgain()
    {
        var store = new CachedConversationReferenceStore(await CreateTableStoreAsync(), time);
        var reference = Reference("t1", "u1");
        await store.SaveAsync(reference, CancellationToken.None);
        var before = requests.All;

        time.Advance(CachedConversationReferenceStore.EntryLifetime + TimeSpan.FromSeconds(1));
        await store.SaveAsync(reference, CancellationToken.None);

        Assert.Equal(before + 1, requests.All);
    }

    [Fact]
    public async Task CachedSave_AfterMarkUnreachable_WritesReachableAgain()
    {
        var tableStore = await CreateTableStoreAsync();
        var store = new CachedConversationReferenceStore(tableStore, time);
        var reference = Reference("t1", "u1");
        await store.SaveAsync(reference, CancellationToken.None);
        await store.MarkUnreachableAsync("t1", "u1", "blocked", CancellationToken.None);

        await store.SaveAsync(reference, CancellationToken.None);

        Assert.True((await tableStore.GetAsync("t1", "u1", CancellationToken.None))!.Reachable);
    }

    [Fact]
    public async Task MarkUnreachable_Known_SetsReasonAndTime()
    {
        var store = await CreateTableStoreAsync();
        await store.SaveAsync(Reference("t1", "u1"), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(2));

        await store.MarkUnreachableAsync("t1", "u1", "uninstalled", CancellationToken.None);

        var read = await store.GetAsync("t1", "u1", CancellationToken.None);
        Assert.False(read!.Reachable);
        Assert.Equal("uninstalled", read.UnreachableReason);
        Assert.Equal(time.GetUtcNow(), read.UpdatedAt);
        Assert.Equal("https://smba.example.test/amer/", read.ServiceUrl);
    }

    [Fact]
    public async Task MarkUnreachable_Unknown_StoresNothing()
    {
        var store = await CreateTableStoreAsync();

        await store.MarkUnreachableAsync("t1", "ghost", "uninstalled", CancellationToken.None);

        Assert.Null(await store.GetAsync("t1", "ghost", CancellationToken.None));
        Assert.Empty(await store.ListUnreachableAsync("t1", CancellationToken.None));
    }

    [Fact]
    public async Task ListUnreachable_OnlyThatTenantsUnreachable_InOneQuery()
    {
        var store = await CreateTableStoreAsync();
        foreach (var (tenant, user) in new[] { ("t1", "a"), ("t1", "b"), ("t1", "c"), ("t2", "a") })
        {
            await store.SaveAsync(Reference(tenant, user), CancellationToken.None);
        }

        await store.MarkUnreachableAsync("t1", "b", "blocked", CancellationToken.None);
        await store.MarkUnreachableAsync("t2", "a", "blocked", CancellationToken.None);
        var before = requests.All;

        var unreachable = await store.ListUnreachableAsync("t1", CancellationToken.None);

        Assert.Equal("b", Assert.Single(unreachable).UserId);
        Assert.Equal(before + 1, requests.All);
        Assert.Contains("PartitionKey eq 't1'", requests.LastQuery, StringComparison.Ordinal);
    }

    private StoredConversationReference Reference(string tenant, string user) => new()
    {
        TenantId = tenant,
        UserId = user,
        ChannelId = "msteams",
        ServiceUrl = "https://smba.example.test/amer/",
        ConversationId = "a:" + user,
        ChannelUserId = "29:" + user,
        UserName = "Ada",
        BotId = "28:bot",
        ConversationType = "personal",
        UpdatedAt = time.GetUtcNow(),
    };

    private async Task<TableConversationReferenceStore> CreateTableStoreAsync()
    {
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(await AzuriteServer.GetConnectionStringAsync(), options);
        var provider = new TableProvider(service, Options.Create(new TableStorageOptions { TablePrefix = "s" + Guid.NewGuid().ToString("N")[..12] }));
        await provider.GetTable(TableConversationReferenceStore.TableName).CreateIfNotExistsAsync();
        requests.Reset();
        return new TableConversationReferenceStore(provider, time);
    }

    /// <summary>Counts requests per call (not per retry): a table transaction is what costs.</summary>
    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int all;
        private int writes;

        public int All => all;

        public int Writes => writes;

        public string LastQuery { get; private set; } = "";

        public void Reset()
        {
            all = 0;
            writes = 0;
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            Interlocked.Increment(ref all);
            if (message.Request.Method != RequestMethod.Get)
            {
                Interlocked.Increment(ref writes);
            }

            LastQuery = Uri.UnescapeDataString(message.Request.Uri.ToString());
        }
    }
}
