using System.Collections.Concurrent;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Support;

/// <summary>
/// The directory for tests: everyone is a member of the tenant they speak from, unless a test sets their entry
/// (a guest, another tenant) or <c>null</c> for a lookup that found nothing or failed.
/// </summary>
public sealed class FakeRoster : IRosterLookup
{
    private int lookups;

    /// <summary>User id → what the directory answers about them.</summary>
    public ConcurrentDictionary<string, RosterEntry?> Entries { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times the directory was asked.</summary>
    public int Lookups => lookups;

    public Task<RosterEntry?> LookUpAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref lookups);
        return Task.FromResult(Entries.TryGetValue(user.UserId, out var entry) ? entry : new RosterEntry(RosterRole.Member, user.TenantId, user.UserId));
    }
}
