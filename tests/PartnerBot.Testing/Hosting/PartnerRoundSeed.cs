using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Web.PartnerPage;

namespace PartnerBot.Testing.Hosting;

/// <summary>
/// A named library with partners and partner rounds, written through the app's own stores, for tests of the partner
/// page. Each seed is a fresh tenant, so tests never see each other's rounds.
/// </summary>
public sealed class PartnerRoundSeed
{
    public const string LibraryName = "Riverside Library";

    private readonly PartnerBotFactory app;

    private PartnerRoundSeed(PartnerBotFactory app, WorkspaceKey workspace)
    {
        this.app = app;
        Workspace = workspace;
    }

    public WorkspaceKey Workspace { get; }

    public IPartnerRoundStore Rounds => app.Services.GetRequiredService<IPartnerRoundStore>();

    public PartnerLinks Links => app.Services.GetRequiredService<PartnerLinks>();

    public static async Task<PartnerRoundSeed> CreateAsync(PartnerBotFactory app, string timeZone = "UTC")
    {
        ArgumentNullException.ThrowIfNull(app);
        var now = DateTimeOffset.UtcNow;
        var workspace = WorkspaceKey.DefaultFor("tenant-" + Guid.NewGuid().ToString("N")[..8]);
        await app.Services.GetRequiredService<IWorkspaceStore>().CreateAsync(
            new Workspace { Key = workspace, Name = LibraryName, NamedAt = now, DefaultTimeZone = timeZone, CreatedAt = now, CreatedByUserId = "u-ana" },
            new Member { Workspace = workspace, UserId = "u-ana", Name = "Ana", Role = WorkspaceRole.Admin, JoinedAt = now },
            default);
        return new PartnerRoundSeed(app, workspace);
    }

    public async Task PartnerAsync(string id, string name) =>
        await app.Services.GetRequiredService<IPartnerStore>().SaveAsync(Workspace, new Partner
        {
            Id = id,
            Name = name,
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            CreatedByUserId = "u-ana",
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        }, null, default);

    /// <summary>A round for <paramref name="partnerId"/>, open for <paramref name="lifetime"/> from now (negative: already over).</summary>
    public async Task<Stored<PartnerRound>> RoundAsync(string partnerId, string roundId, TimeSpan? lifetime = null, bool revoked = false)
    {
        var now = DateTimeOffset.UtcNow;
        var ends = now + (lifetime ?? PartnerRoundRules.DefaultLifetime);
        return await Rounds.SaveAsync(Workspace, new PartnerRound
        {
            Id = roundId,
            PartnerId = partnerId,
            CreatedByUserId = "u-ana",
            CreatedAt = ends < now ? ends - PartnerRoundRules.DefaultLifetime : now,
            ExpiresAt = ends,
            RevokedAt = revoked ? now : null,
            RevokedByUserId = revoked ? "u-ana" : null,
        }, null, default);
    }

    public async Task<Stored<PartnerRound>> ReadAsync(string partnerId, string roundId) =>
        await Rounds.GetAsync(Workspace, partnerId, roundId, default) ?? throw new InvalidOperationException($"No round {roundId} of {partnerId}.");

    /// <summary>The page's path and query for a round's link.</summary>
    public string PathFor(PartnerRound round) => new Uri(Links.Create(Workspace, round)).PathAndQuery;
}
