using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Stores;

/// <summary>What kind of place the bot is installed in, which decides what its roster is.</summary>
public enum InstalledPlaceKind
{
    /// <summary>A Teams team: its roster is the team's members, read with the team id.</summary>
    Team,

    /// <summary>A group chat: its roster is the chat's members, read with the chat's conversation id.</summary>
    GroupChat,
}

/// <summary>
/// A team or group chat of a workspace that PartnerBot is installed in or used in, so its members can be offered as
/// colleagues. <see cref="ServiceUrl"/> came with a validated request from that place, never from card data.
/// </summary>
public sealed record InstalledPlace
{
    public required WorkspaceKey Workspace { get; init; }

    /// <summary>The conversation id the roster is read with: the team id for a team, the chat id for a group chat.</summary>
    public required string RosterId { get; init; }

    public required InstalledPlaceKind Kind { get; init; }

    /// <summary>The connector that carried the request from this place.</summary>
    public required string ServiceUrl { get; init; }

    /// <summary>The bot's channel id (<c>28:…</c>) in that place, needed to open a 1:1 chat.</summary>
    public string? BotId { get; init; }

    /// <summary>The team's or chat's name, when the channel sent one.</summary>
    public string? Name { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The teams and group chats each workspace's bot is in: one partition per workspace.</summary>
public interface IInstalledPlaceStore
{
    /// <summary>Inserts or replaces the place.</summary>
    Task SaveAsync(InstalledPlace place, CancellationToken cancellationToken);

    /// <summary>Forgets the place (the bot was removed from it); no error when it was not known.</summary>
    Task RemoveAsync(WorkspaceKey workspace, string rosterId, CancellationToken cancellationToken);

    /// <summary>Every place of the workspace, most recently seen first: one partition query.</summary>
    Task<IReadOnlyList<InstalledPlace>> ListAsync(WorkspaceKey workspace, CancellationToken cancellationToken);
}
