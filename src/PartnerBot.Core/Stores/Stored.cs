namespace PartnerBot.Core.Stores;

/// <summary>A stored value with the ETag it was read at; pass the ETag back to update it.</summary>
public sealed record Stored<T>(T Value, string ETag);

/// <summary>
/// Someone else changed the record since it was read (ETag mismatch), or it already exists.
/// Callers tell the user and re-read; nothing is overwritten silently.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
