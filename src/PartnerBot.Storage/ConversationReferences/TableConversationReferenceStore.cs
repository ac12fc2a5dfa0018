using Azure;
using Azure.Data.Tables;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.ConversationReferences;

/// <summary>
/// Conversation references in one table: partition = tenant, row = user (both key-encoded),
/// so everything about a tenant is one partition and "who is unreachable" is one partition query.
/// </summary>
public sealed class TableConversationReferenceStore(TableProvider tables, TimeProvider time) : IConversationReferenceStore
{
    public const string TableName = "ConversationReferences";

    /// <summary>Reads and conditional writes before a first-contact decision gives way to the turns writing around it.</summary>
    private const int Attempts = 3;

    private TableClient Table => tables.GetTable(TableName);

    public async Task<StoredConversationReference?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(
            KeyEncoder.Encode(tenantId), KeyEncoder.Encode(userId), cancellationToken: cancellationToken);
        return response.HasValue ? ConversationReferenceEntity.ToReference(response.Value!) : null;
    }

    public async Task SaveAsync(StoredConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var existing = await GetAsync(reference.TenantId, reference.UserId, cancellationToken);
        if (existing is not null && ConversationReferenceEntity.SameAddress(existing, reference))
        {
            return;
        }

        // Last writer wins on purpose: the newest activity carries the newest service URL.
        await Table.UpsertEntityAsync(ConversationReferenceEntity.FromReference(reference), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> SaveIfFirstContactAsync(
        StoredConversationReference reference, Func<StoredConversationReference?, bool> isFirstContact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(isFirstContact);
        var partition = KeyEncoder.Encode(reference.TenantId);
        var row = KeyEncoder.Encode(reference.UserId);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var stored = await Table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            var existing = stored.HasValue ? ConversationReferenceEntity.ToReference(stored.Value!) : null;
            if (!isFirstContact(existing))
            {
                await SaveAsync(reference, cancellationToken);
                return false;
            }

            var entity = ConversationReferenceEntity.FromReference(reference);
            try
            {
                if (stored.HasValue)
                {
                    await Table.UpdateEntityAsync(entity, stored.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await Table.AddEntityAsync(entity, cancellationToken);
                }

                return true;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another turn (here or on another instance) wrote first: decide again on what it wrote.
            }
        }

        // Writes kept coming in between; someone else is keeping the reference current, so this turn is no first contact.
        return false;
    }

    public async Task MarkUnreachableAsync(string tenantId, string userId, string reason, CancellationToken cancellationToken)
    {
        var patch = new TableEntity(KeyEncoder.Encode(tenantId), KeyEncoder.Encode(userId))
        {
            [nameof(StoredConversationReference.Reachable)] = false,
            [nameof(StoredConversationReference.UnreachableReason)] = reason,
            [nameof(StoredConversationReference.UpdatedAt)] = time.GetUtcNow(),
        };
        try
        {
            // A merge against an existing row only: a reference we never stored stays absent, not half-made.
            await Table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Nothing stored for this person: there is nothing to mark.
        }
    }

    public async Task<IReadOnlyList<StoredConversationReference>> ListUnreachableAsync(string tenantId, CancellationToken cancellationToken)
    {
        var partition = KeyEncoder.Encode(tenantId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Reachable eq {false}");
        var result = new List<StoredConversationReference>();
        await foreach (var entity in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ConversationReferenceEntity.ToReference(entity));
        }

        return result;
    }
}
