using PartnerBot.Core.Conversations;
using PartnerBot.Core.Ecosystem;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.FollowThrough.Scheduling;

/// <summary>One workspace's data, read once per run and shared by the digest and the nudges.</summary>
public sealed record WorkspaceSnapshot(
    Workspace Workspace,
    IReadOnlyList<Member> Members,
    IReadOnlyList<Partner> Partners,
    IReadOnlyDictionary<string, PartnerHistory> Histories)
{
    /// <summary>The workspace's introductions between community actors, from the same pipeline read.</summary>
    public IReadOnlyList<Core.Introductions.Introduction> Introductions { get; init; } = [];
}

/// <summary>Reads a workspace and turns it into the digest card.</summary>
public sealed class DigestService(
    IMemberStore members,
    IPipelineStore pipelines,
    INeedsAssessmentStore needs,
    IConversationReferenceStore references,
    IOutboxStore outbox,
    IDigestNarrative narrative,
    EcosystemReports? ecosystem = null)
{
    public async Task<WorkspaceSnapshot> ReadAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var memberList = await members.ListAsync(workspace.Key, cancellationToken);
        // The partners and all their history in one partition query, however large the pipeline.
        var pipeline = await pipelines.ReadAsync(workspace.Key, cancellationToken);
        return new WorkspaceSnapshot(workspace, memberList, pipeline.Partners, pipeline.Histories) { Introductions = pipeline.Introductions };
    }

    public async Task<(WeeklyDigest Digest, BotReply Card)> BuildAsync(WorkspaceSnapshot snapshot, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var digest = await ComposeAsync(snapshot, zone, now, cancellationToken);
        await RecordAsync(snapshot, digest, cancellationToken);
        var text = await narrative.WriteAsync(digest, cancellationToken);
        return (digest, BotReply.Show(DigestCard.Build(digest, text)));
    }

    /// <summary>
    /// The digest for a team channel: the shared card, which refreshes for each manager who can be reached in Teams
    /// into their own view (<see cref="DigestViews"/>).
    /// </summary>
    public async Task<BotReply> BuildForChannelAsync(WorkspaceSnapshot snapshot, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var digest = await ComposeAsync(snapshot, zone, now, cancellationToken);
        await RecordAsync(snapshot, digest, cancellationToken);
        var text = await narrative.WriteAsync(digest, cancellationToken);
        var card = DigestCard.Build(digest, text);
        card.Refresh = DigestViews.Refresh(snapshot.Workspace.Key.WorkspaceId, text, await ManagerTeamsIdsAsync(snapshot, cancellationToken));
        return BotReply.Show(card);
    }

    /// <summary>The Teams ids (29:…) of the workspace's managers and admins we can reach, for a card's refresh.</summary>
    public async Task<IReadOnlyList<string>> ManagerTeamsIdsAsync(WorkspaceSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var teamsIds = new List<string>();
        foreach (var manager in snapshot.Members.Where(m => m.Role is WorkspaceRole.Manager or WorkspaceRole.Admin))
        {
            if (teamsIds.Count == Core.Cards.AdaptiveCards.CardRefresh.MaxUserIds)
            {
                break;
            }

            if (await references.GetAsync(snapshot.Workspace.Key.TenantId, manager.UserId, cancellationToken) is { ChannelUserId: { Length: > 0 } teamsId })
            {
                teamsIds.Add(teamsId);
            }
        }

        return teamsIds;
    }

    /// <summary>
    /// The week's ecosystem snapshot, written whenever the week's digest is built to be sent (a rerun replaces the
    /// week's row with the same figures); a refresh of a card already sent only reads.
    /// </summary>
    private async Task RecordAsync(WorkspaceSnapshot snapshot, WeeklyDigest digest, CancellationToken cancellationToken)
    {
        if (ecosystem is not null && digest.Ecosystem is { } summary)
        {
            await ecosystem.RecordAsync(snapshot.Workspace.Key, summary, cancellationToken);
        }
    }

    /// <summary>What the digest says this week, before any words or card.</summary>
    public async Task<WeeklyDigest> ComposeAsync(WorkspaceSnapshot snapshot, TimeZoneInfo zone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var ws = snapshot.Workspace;
        var unreachable = await references.ListUnreachableAsync(ws.Key.TenantId, cancellationToken);
        // Messages that ended Failed in the last week (out of attempts) count as people we could not reach too.
        var failed = await outbox.ListFailedRecipientsAsync(ws.Key.TenantId, now.AddDays(-7), cancellationToken);
        var memberIds = snapshot.Members.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var week = DigestSchedule.IsoWeek(today);
        var digest = DigestBuilder.Build(new DigestInput
        {
            Workspace = ws,
            Partners = snapshot.Partners,
            Histories = snapshot.Histories,
            Introductions = snapshot.Introductions,
            NeedsAssessments = await needs.ListAsync(ws.Key, cancellationToken),
            Members = snapshot.Members,
            UnreachableUserIds = unreachable.Select(r => r.UserId).Union(failed, StringComparer.Ordinal).Where(memberIds.Contains).ToList(),
            WeekStart = DigestSchedule.WeekStart(zone, now),
            Today = today,
            Week = week,
            Now = now,
            EcosystemHistory = ecosystem is null ? [] : await ecosystem.EarlierAsync(ws.Key, week, cancellationToken),
        });
        // The chart is drawn here, in the host: Core draws nothing.
        return ecosystem is not null && digest.Ecosystem is { } summary ? digest with { Ecosystem = ecosystem.WithChart(summary) } : digest;
    }
}
