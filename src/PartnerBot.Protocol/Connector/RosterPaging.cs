namespace PartnerBot.Protocol.Connector;

/// <summary>How much of a roster to read, and for how long.</summary>
/// <param name="MaxMembers">The most members read in all; the listing stops (and says so) when the roster holds more.</param>
/// <param name="PageSize">Members asked for per page; Teams serves at most 500.</param>
/// <param name="Deadline">How long the whole listing may take, retries included.</param>
public sealed record RosterLimits(int MaxMembers, int PageSize, TimeSpan Deadline)
{
    /// <summary>The most Teams serves in one page.</summary>
    public const int MaxPageSize = 500;

    /// <summary>500 people, 100 a page, 5 seconds: enough for a library's teams, and short enough to answer within a turn.</summary>
    public static RosterLimits Default { get; } = new(500, 100, TimeSpan.FromSeconds(5));
}

/// <summary>What a roster listing read.</summary>
/// <param name="Members">The members read, in the connector's order, at most <see cref="RosterLimits.MaxMembers"/>.</param>
/// <param name="Truncated">True when the roster has more than the cap (or kept offering pages past it).</param>
public sealed record RosterListing(IReadOnlyList<ConversationMember> Members, bool Truncated);

/// <summary>Reads a whole roster page by page through <see cref="IConnectorClient.GetPagedMembersAsync"/>, within limits.</summary>
public static class RosterPaging
{
    /// <summary>
    /// Follows continuation tokens until the last page, the member cap or the deadline. A listing that runs past its
    /// deadline throws <see cref="ConnectorException"/> with <see cref="ConnectorException.RosterDeadline"/>: half a
    /// roster is not offered as if it were all of it.
    /// </summary>
    public static async Task<RosterListing> ListAsync(
        IConnectorClient connector, string serviceUrl, string conversationId, RosterLimits limits, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(limits.MaxMembers, 1);
        var pageSize = Math.Clamp(limits.PageSize, 1, RosterLimits.MaxPageSize);

        using var deadline = new CancellationTokenSource(limits.Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var members = new List<ConversationMember>();
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        try
        {
            while (true)
            {
                var page = await connector.GetPagedMembersAsync(serviceUrl, conversationId, Math.Min(pageSize, limits.MaxMembers - members.Count), token, linked.Token);
                foreach (var member in page.Members ?? [])
                {
                    if (members.Count == limits.MaxMembers)
                    {
                        return new RosterListing(members, Truncated: true);
                    }

                    members.Add(member);
                }

                token = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
                if (token is null)
                {
                    return new RosterListing(members, Truncated: false);
                }

                // A full cap with pages still offered, or a token seen before (a connector going round in circles): stop here.
                if (members.Count >= limits.MaxMembers || !seenTokens.Add(token))
                {
                    return new RosterListing(members, Truncated: true);
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorException(System.Net.HttpStatusCode.GatewayTimeout, ConnectorException.RosterDeadline, $"The roster was not read within {limits.Deadline.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>
    /// The tenant's own people in a listing: role <c>user</c>, signed in with <paramref name="tenantId"/> (or no tenant
    /// stated), with an Entra object id, and not the bot (<paramref name="botId"/> or any <c>28:</c> id). Guests,
    /// anonymous people and members of another tenant are left out; each object id appears once.
    /// </summary>
    public static IReadOnlyList<ConversationMember> TenantStaff(IEnumerable<ConversationMember> members, string tenantId, string? botId)
    {
        ArgumentNullException.ThrowIfNull(members);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var staff = new List<ConversationMember>();
        foreach (var m in members)
        {
            if (string.IsNullOrWhiteSpace(m.Id) || string.IsNullOrWhiteSpace(m.AadObjectId)
                || m.Id == botId || m.Id.StartsWith("28:", StringComparison.Ordinal)
                || !string.Equals(m.UserRole ?? ConversationMember.UserRoleUser, ConversationMember.UserRoleUser, StringComparison.OrdinalIgnoreCase)
                || (m.TenantId is { Length: > 0 } t && !string.Equals(t, tenantId, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (seen.Add(m.AadObjectId))
            {
                staff.Add(m);
            }
        }

        return staff;
    }
}
