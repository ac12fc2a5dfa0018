using PartnerBot.Core.Conversations;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Connector;

namespace PartnerBot.Web.Bot;

/// <summary>
/// The directory Core asks before it enrols someone: the channel's member lookup in the conversation they wrote in
/// (Teams answers with their tenant and whether they are a user, a guest or anonymous). Any failure is no answer,
/// which Core treats as "not confirmed": a person is never enrolled on a lookup that did not happen.
/// </summary>
internal sealed partial class ConnectorRosterLookup(IConnectorClient connector, ILogger<ConnectorRosterLookup> logger) : IRosterLookup
{
    public async Task<RosterEntry?> LookUpAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (place?.SpeakerId is not { Length: > 0 } speaker)
        {
            LogNowhereToAsk(logger, user.TenantId);
            return null;
        }

        ConversationMember? member;
        try
        {
            member = await connector.GetConversationMemberAsync(place.ServiceUrl, place.ConversationId, speaker, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLookupFailed(logger, e, user.TenantId);
            return null;
        }

        if (member is null)
        {
            LogNotFound(logger, user.TenantId);
            return null;
        }

        var role = RoleOf(member.UserRole);
        if (role == RosterRole.Unrecognised)
        {
            LogUnknownRole(logger, member.UserRole, user.TenantId);
        }

        return new RosterEntry(role, member.TenantId, member.AadObjectId);
    }

    private static RosterRole RoleOf(string? userRole) =>
        Is(userRole, ConversationMember.UserRoleUser) ? RosterRole.Member
        : Is(userRole, ConversationMember.UserRoleGuest) ? RosterRole.Guest
        : Is(userRole, ConversationMember.UserRoleAnonymous) ? RosterRole.Anonymous
        : RosterRole.Unrecognised;

    private static bool Is(string? value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Could not look up a new person in tenant {TenantId}: the turn names no conversation member to ask about.")]
    private static partial void LogNowhereToAsk(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "The member lookup for a new person in tenant {TenantId} failed; they are not enrolled this time.")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "The channel does not know a new person of tenant {TenantId} as a member of their conversation; they are not enrolled.")]
    private static partial void LogNotFound(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "The channel gave a new person of tenant {TenantId} the unknown role '{UserRole}'; they are not enrolled.")]
    private static partial void LogUnknownRole(ILogger logger, string? userRole, string tenantId);
}
