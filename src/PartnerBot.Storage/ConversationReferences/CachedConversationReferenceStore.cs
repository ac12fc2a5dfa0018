using System.Collections.Concurrent;
using PartnerBot.Core.Stores;

namespace PartnerBot.Storage.ConversationReferences;

/// <summary>
/// Remembers what was last stored for each person, so the reference refresh on every message turn
/// costs no table transaction when nothing changed. Reads always go to the table. The cache only lets a save be
/// skipped, and only within <see cref="EntryLifetime"/>: when another instance marks the person unreachable, a
/// message that proves them reachable again is written at the latest that long after the mark. The instance that
/// marks them forgets its own entry at once.
/// </summary>
public sealed class CachedConversationReferenceStore(IConversationReferenceStore inner, TimeProvider time) : IConversationReferenceStore
{
    /// <summary>How long a remembered reference may stand in for the stored one; short, because another instance may change it.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);

    /// <summary>Beyond this many people the cache starts over; a miss costs one read, never a wrong answer.</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string Tenant, string User), Entry> entries = new();

    public async Task<StoredConversationReference?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var reference = await inner.GetAsync(tenantId, userId, cancellationToken);
        if (reference is null)
        {
            entries.TryRemove((tenantId, userId), out _);
        }
        else
        {
            Remember(reference);
        }

        return reference;
    }

    public async Task SaveAsync(StoredConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var key = (reference.TenantId, reference.UserId);
        if (entries.TryGetValue(key, out var entry)
            && entry.ExpiresAt > time.GetUtcNow()
            && ConversationReferenceEntity.SameAddress(entry.Reference, reference))
        {
            return;
        }

        await inner.SaveAsync(reference, cancellationToken);
        Remember(reference);
    }

    public async Task<bool> SaveIfFirstContactAsync(
        StoredConversationReference reference, Func<StoredConversationReference?, bool> isFirstContact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        entries.TryRemove((reference.TenantId, reference.UserId), out _);
        var first = await inner.SaveIfFirstContactAsync(reference, isFirstContact, cancellationToken);
        Remember(reference);
        return first;
    }

    public async Task MarkUnreachableAsync(string tenantId, string userId, string reason, CancellationToken cancellationToken)
    {
        entries.TryRemove((tenantId, userId), out _);
        await inner.MarkUnreachableAsync(tenantId, userId, reason, cancellationToken);
    }

    public Task<IReadOnlyList<StoredConversationReference>> ListUnreachableAsync(string tenantId, CancellationToken cancellationToken) =>
        inner.ListUnreachableAsync(tenantId, cancellationToken);

    private void Remember(StoredConversationReference reference)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[(reference.TenantId, reference.UserId)] = new Entry(reference, time.GetUtcNow() + EntryLifetime);
    }

    private sealed record Entry(StoredConversationReference Reference, DateTimeOffset ExpiresAt);
}
