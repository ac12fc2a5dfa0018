using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Web.FollowThrough.Delivery;

namespace PartnerBot.Web.FollowThrough.Scheduling;

/// <summary>What one planning pass put in the outbox.</summary>
public sealed record PlanResult(int Workspaces, int Digests, int Nudges, int Reviews);

/// <summary>
/// Decides what is due (digests, nudges, under-review recommendations) and writes it to the outbox. It may run on
/// every instance and as often as we like: every message's key names its occurrence, so a second plan writes nothing new.
/// </summary>
public sealed class FollowThroughPlanner(
    IWorkspaceStore workspaces,
    IPartnerStore partners,
    INextStepStore nextSteps,
    IFollowThroughSettingsStore settings,
    IOutboxStore outbox,
    DigestService digests,
    OutboxMessenger messenger,
    ILogger<FollowThroughPlanner> logger)
{
    public int Parallelism { get; init; } = 8;

    public async Task<PlanResult> PlanAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var total = new PlanResult(0, 0, 0, 0);
        var gate = new object();
        // Workspaces are independent and each is mostly waiting on storage: a few at a time keeps a big tenant list short.
        await Parallel.ForEachAsync(workspaces.ListAllAsync(cancellationToken), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (ws, ct) =>
        {
            try
            {
                var r = await PlanWorkspaceAsync(ws, now, ct);
                lock (gate)
                {
                    total = new PlanResult(total.Workspaces + 1, total.Digests + r.Digests, total.Nudges + r.Nudges, total.Reviews + r.Reviews);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broken workspace must not stop everyone else's digest.
                logger.LogError(e, "Planning follow-through for {Workspace} failed", ws.Key);
            }
        });

        return total;
    }

    public async Task<PlanResult> PlanWorkspaceAsync(Workspace ws, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = await digests.ReadAsync(ws, cancellationToken);
        var reviews = await ReviewHealthAsync(snapshot, now, cancellationToken);
        var sentDigests = await DigestsAsync(snapshot, now, cancellationToken);
        var nudges = await NudgesAsync(snapshot, now, cancellationToken);
        return new PlanResult(1, sentDigests, nudges, reviews);
    }

    private async Task<int> DigestsAsync(WorkspaceSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ws = snapshot.Workspace;
        var config = await settings.GetDigestSettingsAsync(ws.Key, cancellationToken);
        var count = 0;
        if (config is { ChannelConversationId: { } channel, ChannelServiceUrl: { } serviceUrl })
        {
            var zone = TimeZones.Resolve(null, null, ws.DefaultTimeZone);
            if (DigestSchedule.DueWeek(config, zone, now, ws.CreatedAt) is { } week && !await ExistsAsync(ws, $"digest|{ws.Key}|channel|{week}", cancellationToken))
            {
                var card = await digests.BuildForChannelAsync(snapshot, zone, now, cancellationToken);
                await messenger.PostToChannelAsync(ws.Key, serviceUrl, channel, [card], $"digest|{ws.Key}|channel|{week}", cancellationToken);
                count++;
            }

            return count;
        }

        foreach (var manager in snapshot.Members.Where(m => m.Role is WorkspaceRole.Manager or WorkspaceRole.Admin))
        {
            // The member row holds the zone a person chose (or their client last reported); else the library's.
            var zone = TimeZones.Resolve(null, manager.TimeZone, ws.DefaultTimeZone);
            if (DigestSchedule.DueWeek(config, zone, now, manager.JoinedAt) is not { } week)
            {
                continue;
            }

            var key = $"digest|{ws.Key}|{manager.UserId}|{week}";
            if (await ExistsAsync(ws, key, cancellationToken))
            {
                continue;
            }

            var (_, card) = await digests.BuildAsync(snapshot, zone, now, cancellationToken);
            await messenger.SendAsync(ws.Key, manager.UserId, [card], key, cancellationToken);
            count++;
        }

        return count;
    }

    private async Task<int> NudgesAsync(WorkspaceSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ws = snapshot.Workspace;
        var rules = await settings.GetNudgeSettingsAsync(ws.Key, cancellationToken);
        var library = LibraryZone(ws);
        var today = Core.Cards.Dates.LocalDay(now, library);
        var causes = snapshot.Partners
            .SelectMany(p => NudgeRules.Evaluate(new PartnerFacts { Partner = p, History = snapshot.Histories.GetValueOrDefault(p.Id) ?? new PartnerHistory() }, rules, today, library)
                .Select(c => (Cause: c, Partner: p)))
            .ToList();
        var count = 0;
        foreach (var group in causes.GroupBy(c => c.Cause.RecipientUserId, StringComparer.Ordinal))
        {
            var member = snapshot.Members.FirstOrDefault(m => m.UserId == group.Key);
            if (member is null)
            {
                continue;
            }

            var prefs = await settings.GetPreferencesAsync(ws.Key, member.UserId, cancellationToken);
            var zone = TimeZones.Resolve(null, member.TimeZone, ws.DefaultTimeZone);
            var states = (await settings.ListNudgeStatesAsync(ws.Key, member.UserId, cancellationToken)).ToDictionary(s => s.CauseKey, StringComparer.Ordinal);
            foreach (var (cause, partner) in group)
            {
                if (NudgeSchedule.Decide(cause, states.GetValueOrDefault(cause.Key), prefs, zone, now) is not NudgeDecision.SendNow send)
                {
                    continue;
                }

                var history = snapshot.Histories.GetValueOrDefault(partner.Id) ?? new PartnerHistory();
                // The step's version goes on the card's buttons, so a click after the step changed does nothing.
                var step = NudgeCard.IsStep(cause.Kind) ? await nextSteps.GetAsync(ws.Key, cause.EntityId, cancellationToken) : null;
                var view = new NudgeView(cause, partner.Stage,
                    history.Interactions.Select(i => (DateOnly?)Core.Cards.Dates.LocalDay(i.OccurredAt, zone)).Max(),
                    history.NextSteps.Count(s => s.Status == NextStepStatus.Open),
                    step?.ETag,
                    step?.Value.Status == NextStepStatus.Open ? step.Value.Description : null);
                var replies = new List<BotReply> { BotReply.Show(NudgeCard.Build(view)) };
                if (cause.Kind == NudgeKind.HealthCheckDue)
                {
                    replies.Add(BotReply.Show(HealthCheckCard.Build(partner.Id, partner.Name)));
                }

                // Outbox first, state second: a crash in between re-plans the same occurrence, whose key is already taken.
                await messenger.SendAsync(ws.Key, member.UserId, replies, $"nudge|{ws.Key}|{member.UserId}|{cause.Key}|{send.Occurrence}", cancellationToken);
                await settings.SaveNudgeStateAsync(ws.Key, member.UserId, (states.GetValueOrDefault(cause.Key) ?? new NudgeState { CauseKey = cause.Key }) with
                {
                    SentCount = send.Occurrence,
                    LastSentAt = now,
                }, cancellationToken);
                count++;
            }
        }

        return count;
    }

    /// <summary>Applies the stage moves Core decides (<see cref="StageRules"/>) and tells the managers what to consider.</summary>
    private async Task<int> ReviewHealthAsync(WorkspaceSnapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ws = snapshot.Workspace;
        var count = 0;
        foreach (var move in StageRules.Decide(snapshot.Partners, snapshot.Histories, HealthRules.Default, Today(ws, now)))
        {
            var stored = await partners.GetAsync(ws.Key, move.PartnerId, cancellationToken);
            if (stored is null || !move.StillApplies(stored.Value))
            {
                continue;
            }

            try
            {
                await partners.SaveAsync(ws.Key, move.Apply(stored.Value, now), stored.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Someone changed the partner meanwhile; the next pass looks again.
                continue;
            }

            foreach (var manager in snapshot.Members.Where(m => m.Role is WorkspaceRole.Manager or WorkspaceRole.Admin))
            {
                await messenger.SendAsync(ws.Key, manager.UserId,
                    [BotReply.Say(move.Announcement)],
                    $"review|{ws.Key}|{move.PartnerId}|{move.Occurrence}|{manager.UserId}", cancellationToken);
            }

            count++;
        }

        return count;
    }

    /// <summary>The workspace's day: its agreements start and its reminders fall due by the library's own calendar.</summary>
    private static DateOnly Today(Workspace ws, DateTimeOffset now) => Core.Cards.Dates.LocalDay(now, LibraryZone(ws));

    /// <summary>The library's zone, from the workspace settings: the calendar the rules count days on.</summary>
    private static TimeZoneInfo LibraryZone(Workspace ws) => TimeZones.Resolve(null, null, ws.DefaultTimeZone);

    private async Task<bool> ExistsAsync(Workspace ws, string key, CancellationToken cancellationToken) =>
        await outbox.GetAsync(ws.Key.TenantId, key, cancellationToken) is not null;
}
