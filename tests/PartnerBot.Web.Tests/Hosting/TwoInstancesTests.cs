using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Cards.Workspaces;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Hosting;

/// <summary>
/// Two app instances over one storage account, as App Service runs them when scaled out: Teams may deliver any
/// activity, or its resend, to either, and what one instance learns the other must act on.
/// </summary>
public sealed class TwoInstancesTests
{
    /// <summary>The longest a cached role or reference may stand in for storage, as the README states.</summary>
    private static readonly TimeSpan StatedLifetime = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task SameActivity_DeliveredToEachInstance_IsHandledOnce()
    {
        await using var first = await CreateAsync();
        await using var second = await CreateAsync(first);
        var ada = first.Transcript("Ada");
        var message = ada.Message("help");

        await ada.SendActivity(message);
        using var resent = await second.Transcript(ada.Identity).Post(message);

        Assert.True(resent.IsSuccessStatusCode, $"The resend was answered {(int)resent.StatusCode}.");
        Assert.NotEmpty(ada.Replies);
        Assert.Empty(second.Connector.SentTo(ada.Identity.ConversationId));
    }

    [Fact]
    public async Task InstallEvents_OnBothInstancesAtOnce_OneWelcome()
    {
        // Both instances have read "no reference yet" before either writes: the worst interleaving.
        var bothRead = new Rendezvous(2);
        await using var first = await CreateAsync(configure: s => HoldFirstContactDecisions(s, bothRead));
        await using var second = await CreateAsync(first, s => HoldFirstContactDecisions(s, bothRead));
        var onFirst = first.Transcript("Grace");
        var onSecond = second.Transcript(onFirst.Identity);

        await Task.WhenAll(onFirst.SendBotAdded(), onSecond.SendInstall());

        Assert.True(bothRead.AllArrived, "The two install events were not decided at the same time.");
        var welcomes = onFirst.Replies.Concat(onSecond.Replies).SelectMany(Transcript.CardsOf)
            .Count(card => Transcript.TextOf(card).Contains("Welcome, Grace", StringComparison.Ordinal));
        Assert.Equal(1, welcomes);
    }

    [Fact]
    public void CacheLifetimes_AreAtMostTheStatedOne()
    {
        Assert.True(WorkspaceDirectory.RoleLifetime <= StatedLifetime);
        Assert.True(CachedConversationReferenceStore.EntryLifetime <= StatedLifetime);
    }

    [Fact]
    public async Task RoleChangedOnOneInstance_IsObeyedOnTheOther_WithinTheRoleLifetime()
    {
        await using var first = await CreateAsync();
        await using var second = await CreateAsync(first);
        var ada = first.Transcript("Ada");
        await ada.Send("help");
        var bob = second.Transcript("Bob", ada.Identity.TenantId);
        await bob.Send("members");
        Assert.False(CanChangeRoles(bob.LastCard), "Bob joined as staff.");

        await ada.Send("role Bob admin");
        clock.Advance(StatedLifetime + TimeSpan.FromSeconds(1));
        await bob.Send("members");
        Assert.True(CanChangeRoles(bob.LastCard), "Bob was made an admin on the other instance.");

        await ada.Send("role Bob staff");
        clock.Advance(StatedLifetime + TimeSpan.FromSeconds(1));
        await bob.Send("members");
        Assert.False(CanChangeRoles(bob.LastCard), "Bob was demoted on the other instance and still has admin rights here.");
    }

    [Fact]
    public async Task MarkedUnreachableOnOneInstance_WritingAgainOnTheOther_IsReachable()
    {
        await using var first = await CreateAsync();
        await using var second = await CreateAsync(first);
        var onFirst = first.Transcript("Ada");
        await onFirst.Send("help");
        var onSecond = second.Transcript(onFirst.Identity);
        await onSecond.Send("help");
        var (tenant, user) = (onFirst.Identity.TenantId, onFirst.Identity.AadObjectId);

        // A delivery from the first instance was refused (403), a minute later she writes again, to the second.
        await first.Services.GetRequiredService<IConversationReferenceStore>().MarkUnreachableAsync(tenant, user, "reply refused (403)", default);
        clock.Advance(StatedLifetime + TimeSpan.FromSeconds(1));
        await onSecond.Send("help");

        var stored = await first.Services.GetRequiredService<TableConversationReferenceStore>().GetAsync(tenant, user, default);
        Assert.True(stored?.Reachable, "She wrote to the bot, yet is still stored as unreachable.");
        Assert.Empty(await first.Services.GetRequiredService<IConversationReferenceStore>().ListUnreachableAsync(tenant, default));
    }

    private Task<PartnerBotFactory> CreateAsync(PartnerBotFactory? sharing = null, Action<IServiceCollection>? configure = null) =>
        PartnerBotFactory.CreateAsync(o =>
        {
            o.TablePrefix = sharing?.TablePrefix;
            o.Settings["FollowThrough:RunBackgroundService"] = "false";
            o.ConfigureServices = services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                configure?.Invoke(services);
            };
        });

    private static bool CanChangeRoles(System.Text.Json.Nodes.JsonObject membersCard) =>
        membersCard.ToJsonString().Contains($"\"{MembersCard.RoleAction}\"", StringComparison.Ordinal);

    /// <summary>Makes each instance's first-contact decision wait, after its read, until both have read.</summary>
    private static void HoldFirstContactDecisions(IServiceCollection services, Rendezvous rendezvous)
    {
        var inner = services.Last(d => d.ServiceType == typeof(IConversationReferenceStore));
        services.Add(ServiceDescriptor.Singleton<IConversationReferenceStore>(sp =>
            new HeldFirstContact((IConversationReferenceStore)inner.ImplementationFactory!(sp), rendezvous)));
    }

    private sealed class HeldFirstContact(IConversationReferenceStore inner, Rendezvous rendezvous) : IConversationReferenceStore
    {
        public Task<bool> SaveIfFirstContactAsync(
            StoredConversationReference reference, Func<StoredConversationReference?, bool> isFirstContact, CancellationToken cancellationToken) =>
            inner.SaveIfFirstContactAsync(reference, existing => rendezvous.Arrive() && isFirstContact(existing), cancellationToken);

        public Task<StoredConversationReference?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
            inner.GetAsync(tenantId, userId, cancellationToken);

        public Task SaveAsync(StoredConversationReference reference, CancellationToken cancellationToken) => inner.SaveAsync(reference, cancellationToken);

        public Task MarkUnreachableAsync(string tenantId, string userId, string reason, CancellationToken cancellationToken) =>
            inner.MarkUnreachableAsync(tenantId, userId, reason, cancellationToken);

        public Task<IReadOnlyList<StoredConversationReference>> ListUnreachableAsync(string tenantId, CancellationToken cancellationToken) =>
            inner.ListUnreachableAsync(tenantId, cancellationToken);
    }

    /// <summary>Lets callers through once <c>count</c> have arrived, or after a bound so a lone caller cannot hang the test.</summary>
    private sealed class Rendezvous(int count)
    {
        private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int arrived;

        public bool AllArrived => all.Task.IsCompleted;

        public bool Arrive()
        {
            if (Interlocked.Increment(ref arrived) == count)
            {
                all.TrySetResult();
            }

            // Blocking on purpose: the decision it holds is synchronous. Bounded, so a lone caller cannot hang the test.
            all.Task.Wait(TimeSpan.FromSeconds(10));
            return true;
        }
    }
}
