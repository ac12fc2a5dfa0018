namespace PartnerBot.Web.Bot;

internal static partial class BotLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Ignored a {ActivityType} activity with no tenant, sender or address.")]
    public static partial void IgnoredUnaddressed(ILogger logger, string? activityType);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Installed for {ReferenceKey} in tenant {TenantId}; greeted: {Greeted}.")]
    public static partial void Installed(ILogger logger, string tenantId, string referenceKey, bool greeted);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Uninstalled for {ReferenceKey} in tenant {TenantId}; marked unreachable.")]
    public static partial void Uninstalled(ILogger logger, string tenantId, string referenceKey);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Refused a message of {Length} characters (limit {Limit}).")]
    public static partial void RefusedLongText(ILogger logger, int length, int limit);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Refused a card submit whose value is not a JSON object ({Kind}).")]
    public static partial void RefusedValue(ILogger logger, string kind);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "The turn failed for {ActivityType} in tenant {TenantId}.")]
    public static partial void TurnFailed(ILogger logger, Exception exception, string? activityType, string tenantId);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "The channel refused a reply ({StatusCode} {ErrorCode}); the person is unreachable.")]
    public static partial void ReplyRefused(ILogger logger, int statusCode, string? errorCode);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Debug, Message = "Ignored an invoke named {Name}.")]
    public static partial void IgnoredInvoke(ILogger logger, string? name);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "A {ActivityType} turn in tenant {TenantId} ran past its {Seconds} s deadline; the person got an apology.")]
    public static partial void TurnTimedOut(ILogger logger, string? activityType, string tenantId, double seconds);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Refused to enrol a {Status} person in tenant {TenantId}; nothing was stored.")]
    public static partial void EnrolmentRefused(ILogger logger, string status, string tenantId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "The channel refused to update a clicked card for everyone ({StatusCode} {ErrorCode}); the person who clicked has the new card.")]
    public static partial void UpdateRefused(ILogger logger, int statusCode, string? errorCode);
}
