namespace PartnerBot.Core.Stores;

/// <summary>
/// How to reach one person (or one channel) later. Plain fields so Storage needs no protocol types;
/// the host maps it to and from the protocol's ConversationReference.
/// </summary>
public sealed record StoredConversationReference
{
    public required string TenantId { get; init; }
    /// <summary>Entra object id for people; the channel's conversation id for team channels.</summary>
    public required string UserId { get; init; }
    public required string ChannelId { get; init; }
    public required string ServiceUrl { get; init; }
    public required string ConversationId { get; init; }
    /// <summary>The channel-specific user id (29:…), needed to create a 1:1 conversation.</summary>
    public string? ChannelUserId { get; init; }
    public string? UserName { get; init; }
    public string? BotId { get; init; }
    public string? ConversationType { get; init; }
    /// <summary>False after an uninstall, or a 403 from the connector (blocked, app removed).</summary>
    public bool Reachable { get; init; } = true;
    public string? UnreachableReason { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
}

public interface IConversationReferenceStore
{
    Task<StoredConversationReference?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces; a no-op write is skipped when nothing changed.</summary>
    Task SaveAsync(StoredConversationReference reference, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the reference and returns true when <paramref name="isFirstContact"/> holds for what was stored before,
    /// as one conditional write: of callers racing on any instance, exactly one gets true. When it does not hold,
    /// saves as <see cref="SaveAsync"/> does and returns false.
    /// </summary>
    Task<bool> SaveIfFirstContactAsync(
        StoredConversationReference reference, Func<StoredConversationReference?, bool> isFirstContact, CancellationToken cancellationToken);

    Task MarkUnreachableAsync(string tenantId, string userId, string reason, CancellationToken cancellationToken);

    /// <summary>One partition query: everyone of the tenant the bot cannot reach.</summary>
    Task<IReadOnlyList<StoredConversationReference>> ListUnreachableAsync(string tenantId, CancellationToken cancellationToken);
}
