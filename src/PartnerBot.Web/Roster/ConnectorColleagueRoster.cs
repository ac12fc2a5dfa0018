using System.Collections.Concurrent;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Connector;

namespace PartnerBot.Web.Roster;

/// <summary>
/// The colleagues on the rosters of the teams and group chats a workspace's bot is in, read through the channel
/// (<c>pagedmembers</c>) at the service URL each place's own validated request came with. The tenant's own staff are
/// kept (no guests, no other tenant, not the bot), each Entra object id once, at most <see cref="MaxPeople"/> in all.
/// A complete read is cached for <see cref="CacheLifetime"/> per workspace; a failed or slow one is not cached, and
/// the picker says in one line that it lists only known people.
/// </summary>
public sealed partial class ConnectorColleagueRoster(
    IInstalledPlaceStore places,
    IConnectorClient connector,
    IConversationReferenceStore references,
    TimeProvider time,
    ILogger<ConnectorColleagueRoster> logger) : IColleagueRoster
{
    /// <summary>The most people offered from all rosters together.</summary>
    public const int MaxPeople = 500;

    /// <summary>The most places read for one picker; the most recently used first.</summary>
    public const int MaxPlaces = 5;

    /// <summary>How long a read roster is used before it is read again: short, as people join and leave teams.</summary>
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromMinutes(2);

    /// <summary>How long reading the places from storage may take.</summary>
    public static readonly TimeSpan StorageDeadline = TimeSpan.FromSeconds(5);

    /// <summary>How long opening a 1:1 chat may take within the turn; past it, delivery tries again later.</summary>
    public static readonly TimeSpan CreateDeadline = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long reading every place's roster may take together: with <see cref="CreateDeadline"/> it stays well within a
    /// turn's deadline (9 s by default), so a slow channel costs the picker its roster, never the turn.
    /// </summary>
    public static readonly TimeSpan RosterDeadline = TimeSpan.FromSeconds(4);

    /// <summary>The problem line on the picker when a roster could not be read.</summary>
    public const string Fallback = "I could not read your team's member list just now, so only people who have used PartnerBot are listed.";

    private readonly ConcurrentDictionary<WorkspaceKey, Snapshot> cache = new();

    public async Task<ColleagueList> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        var snapshot = await ReadAsync(workspace, cancellationToken);
        return new ColleagueList(snapshot.People.Values.Select(p => new Colleague(p.UserId, p.Name)).ToList(), snapshot.Complete ? null : Fallback);
    }

    public async Task<ReachStatus> OpenChatAsync(WorkspaceKey workspace, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var existing = await references.GetAsync(workspace.TenantId, userId, cancellationToken);
        if (existing is { Reachable: true, ConversationType: null or "personal" } && existing.ConversationId.Length > 0)
        {
            return ReachStatus.Ready;
        }

        // Only someone the rosters name, at the service URL their place's request came with: never an id or URL from a card.
        var snapshot = await ReadAsync(workspace, cancellationToken);
        if (!snapshot.People.TryGetValue(userId, out var person))
        {
            return ReachStatus.Unknown;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CreateDeadline);
        try
        {
            var conversationId = await connector.CreatePersonalConversationAsync(person.ServiceUrl, workspace.TenantId, person.ChannelUserId, person.BotId, deadline.Token);
            await references.SaveAsync(Reference(workspace, person, conversationId, "personal"), cancellationToken);
            LogOpened(logger, workspace.TenantId);
            return ReachStatus.Ready;
        }
        catch (ConnectorException e) when (e.IsUnreachable)
        {
            LogRefused(logger, (int)e.StatusCode, e.ErrorCode, workspace.TenantId);
            return ReachStatus.Refused;
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A passing failure: the reference names the roster's conversation, so delivery opens the chat when it can.
            LogDeferred(logger, e, workspace.TenantId);
            await references.SaveAsync(Reference(workspace, person, person.RosterId, "roster"), cancellationToken);
            return ReachStatus.Pending;
        }
    }

    private StoredConversationReference Reference(WorkspaceKey workspace, Person person, string conversationId, string type) => new()
    {
        TenantId = workspace.TenantId,
        UserId = person.UserId,
        ChannelId = "msteams",
        ServiceUrl = person.ServiceUrl,
        ConversationId = conversationId,
        ChannelUserId = person.ChannelUserId,
        UserName = person.Name,
        BotId = person.BotId,
        ConversationType = type,
        Reachable = true,
        UpdatedAt = time.GetUtcNow(),
    };

    private async Task<Snapshot> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(workspace, out var cached) && cached.Until > now)
        {
            return cached;
        }

        IReadOnlyList<InstalledPlace> installed;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(StorageDeadline);
            try
            {
                installed = await places.ListAsync(workspace, deadline.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogPlacesUnread(logger, e, workspace.TenantId);
                return new Snapshot(new Dictionary<string, Person>(), Complete: false, now);
            }
        }

        var people = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase);
        var complete = true;
        using var overall = new CancellationTokenSource(RosterDeadline, time);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, overall.Token);
        foreach (var place in installed.Take(MaxPlaces))
        {
            if (people.Count >= MaxPeople)
            {
                break;
            }

            try
            {
                var limits = RosterLimits.Default with { MaxMembers = MaxPeople, Deadline = RosterDeadline };
                var listing = await RosterPaging.ListAsync(connector, place.ServiceUrl, place.RosterId, limits, time, reading.Token);
                foreach (var member in RosterPaging.TenantStaff(listing.Members, workspace.TenantId, place.BotId))
                {
                    if (people.Count < MaxPeople && !people.ContainsKey(member.AadObjectId!))
                    {
                        var name = string.IsNullOrWhiteSpace(member.Name) ? member.Email ?? member.UserPrincipalName ?? "A colleague" : member.Name.Trim();
                        people[member.AadObjectId!] = new Person(member.AadObjectId!, name, member.Id!, place.ServiceUrl, place.BotId, place.RosterId);
                    }
                }

                LogRead(logger, listing.Members.Count, place.Kind.ToString(), workspace.TenantId, listing.Truncated);
            }
            catch (ConnectorException e)
            {
                complete = false;
                LogRosterFailed(logger, e, place.Kind.ToString(), workspace.TenantId, (int)e.StatusCode, e.ErrorCode);
            }
            catch (OperationCanceledException e) when (overall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Out of time for all places together: what was read is offered, and the card says the list may be short.
                complete = false;
                LogRosterFailed(logger, e, place.Kind.ToString(), workspace.TenantId, (int)System.Net.HttpStatusCode.GatewayTimeout, ConnectorException.RosterDeadline);
                break;
            }
        }

        var snapshot = new Snapshot(people, complete, now + CacheLifetime);
        if (complete)
        {
            cache[workspace] = snapshot;
        }

        return snapshot;
    }

    private sealed record Person(string UserId, string Name, string ChannelUserId, string ServiceUrl, string? BotId, string RosterId);

    private sealed record Snapshot(IReadOnlyDictionary<string, Person> People, bool Complete, DateTimeOffset Until);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Read {Count} members of a {Kind} in tenant {TenantId} (truncated: {Truncated}).")]
    private static partial void LogRead(ILogger logger, int count, string kind, string tenantId, bool truncated);

    [LoggerMessage(EventId = 1311, Level = LogLevel.Warning, Message = "Could not read the roster of a {Kind} in tenant {TenantId} ({Status} {Code}); the picker lists known people only.")]
    private static partial void LogRosterFailed(ILogger logger, Exception exception, string kind, string tenantId, int status, string? code);

    [LoggerMessage(EventId = 1312, Level = LogLevel.Warning, Message = "Could not read the installed places of tenant {TenantId}; the picker lists known people only.")]
    private static partial void LogPlacesUnread(ILogger logger, Exception exception, string tenantId);

    [LoggerMessage(EventId = 1313, Level = LogLevel.Information, Message = "Opened a 1:1 chat with a colleague from a roster in tenant {TenantId}.")]
    private static partial void LogOpened(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 1314, Level = LogLevel.Warning, Message = "Teams refused a 1:1 chat with a colleague in tenant {TenantId}: {Status} {Code}.")]
    private static partial void LogRefused(ILogger logger, int status, string? code, string tenantId);

    [LoggerMessage(EventId = 1315, Level = LogLevel.Warning, Message = "Could not open a 1:1 chat with a colleague in tenant {TenantId} just now; delivery tries again.")]
    private static partial void LogDeferred(ILogger logger, Exception exception, string tenantId);
}
