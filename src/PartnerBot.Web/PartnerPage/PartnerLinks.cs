using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Workspaces;
using PartnerBot.Web.FollowThrough.Handlers;

namespace PartnerBot.Web.PartnerPage;

/// <summary>Why a partner link was refused, or that it was not.</summary>
public enum PartnerLinkStatus
{
    Valid,

    /// <summary>Malformed, truncated, forged, or signed with a key that is neither the current nor the previous one.</summary>
    Invalid,

    /// <summary>Genuine, but for something else (an export).</summary>
    OtherKind,

    /// <summary>Genuine, past the round's end.</summary>
    Expired,
}

/// <summary>The result of checking a link: its status and, when genuine, the round it names.</summary>
public sealed record PartnerLinkCheck(
    PartnerLinkStatus Status,
    WorkspaceKey? Workspace = null,
    string? PartnerId = null,
    string? RoundId = null,
    DateTimeOffset? ExpiresAt = null);

/// <summary>
/// Signed links to a round's partner page. The token names its kind ("partner-round"), the workspace, the partner, the
/// round and the round's end, signed with the export links' keys (<see cref="ExportOptions"/>) but never valid as an
/// export link, nor an export link as this. The page reads the round by the partner and round named here, so a link
/// can only ever open its own round.
/// </summary>
public sealed class PartnerLinks(IOptions<ExportOptions> options, TimeProvider time, IServer? server = null) : IPartnerLinks
{
    /// <summary>The kind named inside every partner link's signed body.</summary>
    public const string Kind = "partner-round";

    private readonly SignedTokens tokens = new(options.Value);

    public string Create(WorkspaceKey workspace, PartnerRound round)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(round);
        return SignedTokens.BaseUrl(options.Value, server) + PartnerPageEndpoint.Path + "?token=" + Uri.EscapeDataString(CreateToken(workspace, round));
    }

    /// <summary>The token alone, as <see cref="Create"/> puts it in the address.</summary>
    public string CreateToken(WorkspaceKey workspace, PartnerRound round)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(round);
        var expires = round.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return tokens.Sign(Kind, workspace.TenantId, workspace.WorkspaceId, round.PartnerId, round.Id, expires);
    }

    /// <summary>Whether <paramref name="token"/> opens a partner page, and which round, or why not.</summary>
    public PartnerLinkCheck Check(string? token)
    {
        var fields = tokens.Verify(token);
        if (fields is null || fields.Length == 0)
        {
            return new(PartnerLinkStatus.Invalid);
        }

        // Any genuine token of another kind (an export link) is refused as such, whatever its shape.
        if (fields[0] != Kind)
        {
            return new(PartnerLinkStatus.OtherKind);
        }

        if (fields.Length != 6 || fields.Take(5).Any(string.IsNullOrEmpty) || !long.TryParse(fields[5], CultureInfo.InvariantCulture, out var seconds))
        {
            return new(PartnerLinkStatus.Invalid);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var workspace = new WorkspaceKey(fields[1], fields[2]);
        return time.GetUtcNow() >= expires
            ? new(PartnerLinkStatus.Expired, workspace, fields[3], fields[4], expires)
            : new(PartnerLinkStatus.Valid, workspace, fields[3], fields[4], expires);
    }
}
