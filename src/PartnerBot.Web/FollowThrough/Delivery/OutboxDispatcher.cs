using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Azure;
using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;
using PartnerBot.Web.Bot;
using PartnerBot.Web.Hosting;

namespace PartnerBot.Web.FollowThrough.Delivery;

/// <summary>Who is told when Teams will not open the 1:1 chat a message needed (the app is not installed for the person).</summary>
public interface IChatRefusedNotice
{
    /// <param name="message">The message that cannot be delivered.</param>
    /// <param name="recipientName">The person's name as stored with their address, if known.</param>
    /// <param name="reason">The connector's status and error code.</param>
    /// <param name="cancellationToken">Bounds the notice.</param>
    Task TellAsync(OutboxMessage message, string? recipientName, string reason, CancellationToken cancellationToken);
}

/// <summary>What one pass of the dispatcher did.</summary>
public sealed record DispatchResult(int Sent, int Retried, int Unreachable, int Failed, int LostRace)
{
    /// <summary>Messages that may have arrived and, being at-most-once, were not sent again.</summary>
    public int Unconfirmed { get; init; }

    /// <summary>Messages left alone because another instance holds their tenant's send lease.</summary>
    public int HeldElsewhere { get; init; }
}

/// <summary>Running counts of what went wrong quietly; also published on the meter <c>PartnerBot.Delivery</c>.</summary>
public sealed class DeliveryStats
{
    private long lostFinishes;
    private long ambiguousSends;
    private long claimsLost;

    /// <summary>Messages sent whose final write failed: another instance may send them again.</summary>
    public long LostFinishes => Interlocked.Read(ref lostFinishes);

    /// <summary>Sends that may or may not have arrived (recorded on the message).</summary>
    public long AmbiguousSends => Interlocked.Read(ref ambiguousSends);

    /// <summary>Claims taken over by another instance while this one held them.</summary>
    public long ClaimsLost => Interlocked.Read(ref claimsLost);

    internal void LostFinish()
    {
        Interlocked.Increment(ref lostFinishes);
        OutboxDispatcher.LostFinishes.Add(1);
    }

    internal void Ambiguous()
    {
        Interlocked.Increment(ref ambiguousSends);
        OutboxDispatcher.AmbiguousSends.Add(1);
    }

    internal void ClaimLost()
    {
        Interlocked.Increment(ref claimsLost);
        OutboxDispatcher.ClaimsLost.Add(1);
    }
}

/// <summary>
/// Sends what the outbox holds. Each message is claimed with its ETag before sending, for longer than the worst case of
/// one send, and the claim is renewed while a send is in flight; each part's progress is written after it, so a message
/// that stops part-way resumes at its first unsent part. A send that may have arrived without our hearing so (a
/// timeout, a 502/504, an instance stopped mid-send) is recorded on the message and repeated or not by the message's
/// kind (<see cref="DeliveryGuarantees.For"/>).
/// </summary>
public sealed class OutboxDispatcher(
    IOutboxStore outbox,
    IConnectorClient connector,
    IConversationReferenceStore references,
    TeamsRateLimiter limiter,
    TenantSendLeases tenants,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger,
    IChatRefusedNotice? chatRefused = null)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public const string MeterName = "PartnerBot.Delivery";

    internal static readonly Meter Meter = new(MeterName);
    internal static readonly Counter<long> LostFinishes = Meter.CreateCounter<long>("partnerbot.delivery.lost_finishes", description: "Messages sent whose final write failed.");
    internal static readonly Counter<long> AmbiguousSends = Meter.CreateCounter<long>("partnerbot.delivery.ambiguous_sends", description: "Sends that may or may not have arrived.");
    internal static readonly Counter<long> ClaimsLost = Meter.CreateCounter<long>("partnerbot.delivery.claims_lost", description: "Claims another instance took over mid-send.");

    private DateTimeOffset nextHousekeeping = DateTimeOffset.MinValue;

    /// <summary>Told once when Teams refuses to open the 1:1 chat a message needed; none where nobody is to be told.</summary>
    public IChatRefusedNotice? ChatRefused => chatRefused;

    /// <summary>Identifies this instance in claims.</summary>
    public string InstanceId { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    public DeliveryStats Stats { get; } = new();

    private TimeSpan Claim => options.Value.EffectiveClaimDuration;

    /// <summary>Sends everything due now; returns when the outbox has nothing due left or the token is cancelled.</summary>
    public async Task<DispatchResult> DrainAsync(CancellationToken cancellationToken)
    {
        await HousekeepIfDueAsync(cancellationToken);
        var total = new DispatchResult(0, 0, 0, 0, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await outbox.ListDueAsync(time.GetUtcNow(), 500, cancellationToken);
            PartnerBotMetrics.OutboxPass(due, time.GetUtcNow());
            if (due.Count == 0)
            {
                return total;
            }

            var results = new List<Outcome>();
            var gate = new object();
            await Parallel.ForEachAsync(
                due.OrderBy(_ => Random.Shared.Next()),
                new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = cancellationToken },
                async (message, ct) =>
                {
                    var outcome = await ProcessAsync(message, ct);
                    lock (gate)
                    {
                        results.Add(outcome);
                    }
                });
            total = total with
            {
                Sent = total.Sent + results.Count(r => r == Outcome.Sent),
                Retried = total.Retried + results.Count(r => r == Outcome.Retry),
                Unreachable = total.Unreachable + results.Count(r => r == Outcome.Unreachable),
                Failed = total.Failed + results.Count(r => r == Outcome.Failed),
                LostRace = total.LostRace + results.Count(r => r == Outcome.LostRace),
                Unconfirmed = total.Unconfirmed + results.Count(r => r == Outcome.Unconfirmed),
                HeldElsewhere = total.HeldElsewhere + results.Count(r => r == Outcome.HeldElsewhere),
            };
            if (results.All(r => r is Outcome.LostRace or Outcome.Retry or Outcome.HeldElsewhere))
            {
                // Nothing moved forward in this pass (all taken by others or deferred): let the caller's poll decide when to look again.
                return total;
            }
        }

        return total;
    }

    /// <summary>Removes idempotency records past their retention; returns how many.</summary>
    public async Task<int> HousekeepAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        int batch;
        do
        {
            batch = await outbox.PurgeExpiredKeysAsync(time.GetUtcNow(), 1000, cancellationToken);
            removed += batch;
        }
        while (batch == 1000 && !cancellationToken.IsCancellationRequested);

        return removed;
    }

    private async Task HousekeepIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < nextHousekeeping)
        {
            return;
        }

        nextHousekeeping = now + options.Value.HousekeepingInterval;
        try
        {
            var removed = await HousekeepAsync(cancellationToken);
            if (removed > 0)
            {
                logger.LogInformation("Removed {Count} outbox idempotency records past their retention", removed);
            }
        }
        catch (RequestFailedException e)
        {
            // Housekeeping can wait for the next interval; sending cannot.
            logger.LogWarning(e, "Outbox housekeeping failed; trying again in {Interval}", options.Value.HousekeepingInterval);
        }
    }

    private enum Outcome
    {
        Sent,
        Retry,
        Unreachable,
        Failed,
        LostRace,
        Unconfirmed,
        HeldElsewhere,
    }

    private async Task<Outcome> ProcessAsync(Stored<OutboxMessage> found, CancellationToken cancellationToken)
    {
        // Another instance sends this tenant's messages for now: they are left untouched, not counted as attempts.
        if (!await tenants.TryHoldAsync(found.Value.Workspace.TenantId, InstanceId, cancellationToken))
        {
            return Outcome.HeldElsewhere;
        }

        if (found.Value.Attempts == 0 && !await outbox.ConfirmEnqueuedAsync(found, CancellationToken.None))
        {
            return Outcome.LostRace;
        }

        var now = time.GetUtcNow();
        // Taken over from an instance that stopped while a part was in flight: that part may have arrived.
        var interrupted = found.Value.Status == OutboxStatus.Sending ? found.Value.InFlightPart : null;
        var claimed = await outbox.TryUpdateAsync(found, found.Value with
        {
            Status = OutboxStatus.Sending,
            ClaimedBy = InstanceId,
            ClaimedUntil = now + Claim,
            Attempts = found.Value.Attempts + 1,
            InFlightPart = null,
            MaybeDelivered = found.Value.MaybeDelivered || interrupted is not null,
        }, CancellationToken.None);
        if (claimed is null)
        {
            return Outcome.LostRace;
        }

        var holder = new ClaimHolder(outbox, claimed);
        if (found.Value.Attempts >= options.Value.MaxAttempts)
        {
            return await FinishAsync(holder, OutboxStatus.Failed, $"Gave up after {found.Value.Attempts} attempts: {found.Value.LastError}");
        }

        if (interrupted is { } inFlight)
        {
            var outcome = await AmbiguousAsync(holder, inFlight, "the instance sending it stopped mid-send");
            if (outcome is not null)
            {
                return outcome.Value;
            }
        }

        // The claim is never cut off half-way (a claim the service took but we never heard of would strand the message
        // until it expires); a shutdown is noticed here instead, and the message handed straight back.
        if (cancellationToken.IsCancellationRequested)
        {
            await outbox.TryUpdateAsync(holder.Current, found.Value, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var message = holder.Current.Value;
        var sending = message.PartsSent;
        try
        {
            var target = await ResolveAsync(message, cancellationToken);
            if (target is null)
            {
                return await FinishAsync(holder, OutboxStatus.Unreachable, "No conversation with this person is known, and none could be created.");
            }

            var activities = Activities(message, target.Value.ConversationId).ToList();
            for (; sending < activities.Count; sending++)
            {
                // Counts against the tenant's and the conversation's windows until its response is back (or it is given up).
                using var slot = await limiter.WaitAsync(message.Workspace.TenantId, target.Value.ConversationId, cancellationToken);
                if (!await tenants.TryHoldAsync(message.Workspace.TenantId, InstanceId, cancellationToken))
                {
                    // The tenant's lease could not be kept (storage trouble, or taken over after it ran out): hand the
                    // message back untouched rather than send beside the new holder.
                    return await HandBackAsync(holder, message) ? Outcome.HeldElsewhere : ClaimLost(message);
                }

                // A fresh claim for the whole worst case of this send, and the part marked in flight, before it leaves.
                var part = sending;
                if (!await holder.UpdateAsync(m => m with { InFlightPart = part, ClaimedUntil = time.GetUtcNow() + Claim }))
                {
                    return ClaimLost(message);
                }

                // The slot was handed out early so the writes above overlapped its wait; what is left of it is waited here.
                await slot.LeaveAsync();
                using (var renewing = new CancellationTokenSource())
                {
                    var keepAlive = holder.KeepAliveAsync(Claim / 3, () => time.GetUtcNow() + Claim, time, logger, renewing.Token);
                    try
                    {
                        // Not cancellable: a send cut off mid-flight may still arrive, and then we could not know to mark it sent.
                        await connector.SendToConversationAsync(target.Value.ServiceUrl, target.Value.ConversationId, activities[sending], CancellationToken.None);
                    }
                    finally
                    {
                        slot.Complete();
                        await renewing.CancelAsync();
                        await keepAlive;
                    }
                }

                if (holder.Lost)
                {
                    // Another instance owns the message now: nothing more goes out from here.
                    return ClaimLost(message);
                }

                if (sending + 1 < activities.Count
                    && !await holder.UpdateAsync(m => m with { PartsSent = part + 1, InFlightPart = null }))
                {
                    return ClaimLost(message);
                }
            }

            return await FinishAsync(holder, OutboxStatus.Sent, null, activities.Count);
        }
        catch (ConnectorException e) when (e.MaybeDelivered)
        {
            return await AmbiguousAsync(holder, sending, e.Message) ?? await DeferAsync(holder, e.Message, sending);
        }
        catch (ConnectorException e) when (e.StatusCode == HttpStatusCode.Forbidden || e.StatusCode == HttpStatusCode.NotFound)
        {
            if (message.ConversationId is null)
            {
                await references.MarkUnreachableAsync(message.Workspace.TenantId, message.RecipientUserId, $"{(int)e.StatusCode} {e.ErrorCode}".Trim(), CancellationToken.None);
            }

            return await FinishAsync(holder, OutboxStatus.Unreachable, e.Message, sending);
        }
        catch (ConnectorException e) when (IsTransient(e.StatusCode))
        {
            return await DeferAsync(holder, e.Message, sending);
        }
        catch (ConnectorException e)
        {
            logger.LogWarning("Outbox message {Key} refused for good: {Status} {Message}", message.Key, e.StatusCode, e.Message);
            return await FinishAsync(holder, OutboxStatus.Failed, e.Message, sending);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down before the send: hand the message back now rather than after the claim expires.
            await HandBackAsync(holder, message);
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or RequestFailedException or TimeoutException)
        {
            // Counts as an attempt: a message that keeps failing like this ends as Failed after MaxAttempts.
            return await DeferAsync(holder, e.Message, sending);
        }
    }

    /// <summary>Returns a claimed message unsent and without counting the attempt, for another pass or instance.</summary>
    private Task<bool> HandBackAsync(ClaimHolder holder, OutboxMessage claimed) =>
        holder.UpdateAsync(m => m with { Status = OutboxStatus.Pending, ClaimedBy = null, ClaimedUntil = null, InFlightPart = null, Attempts = claimed.Attempts - 1 });

    private Outcome ClaimLost(OutboxMessage message)
    {
        Stats.ClaimLost();
        logger.LogWarning("Outbox message {Key}: another instance took the claim over; this one stops sending it", message.Key);
        return Outcome.LostRace;
    }

    /// <summary>Records that part <paramref name="part"/> may have arrived; null when the message is to be sent again.</summary>
    private async Task<Outcome?> AmbiguousAsync(ClaimHolder holder, int part, string reason)
    {
        Stats.Ambiguous();
        var message = holder.Current.Value;
        var parts = OutboxPayload.Parse(message.PayloadJson).Count;
        var error = $"Part {part + 1} of {parts} may have been delivered ({reason}).";
        if (DeliveryGuarantees.For(message.Key) == DeliveryGuarantee.AtMostOnce)
        {
            logger.LogWarning("Outbox message {Key}: {Error} Delivered at most once, so not sent again", message.Key, error);
            var finished = await FinishAsync(holder, OutboxStatus.Unconfirmed, error + " Not sent again: this kind is delivered at most once.", part, maybeDelivered: true);
            return finished == Outcome.Sent ? Outcome.Unconfirmed : finished;
        }

        logger.LogWarning("Outbox message {Key}: {Error} Delivered at least once, so sent again", message.Key, error);
        if (!await holder.UpdateAsync(m => m with { MaybeDelivered = true, LastError = error }))
        {
            return ClaimLost(message);
        }

        return null;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError;

    private async Task<Outcome> DeferAsync(ClaimHolder holder, string error, int partsSent)
    {
        var message = holder.Current.Value;
        if (message.Attempts >= options.Value.MaxAttempts)
        {
            return await FinishAsync(holder, OutboxStatus.Failed, $"Gave up after {message.Attempts} attempts: {error}", partsSent);
        }

        // Exponential back-off with full jitter, so retries from many messages do not arrive together.
        var wait = options.Value.RetryDelay(message.Attempts, Random.Shared.NextDouble());
        var deferred = await holder.UpdateAsync(m => m with
        {
            Status = OutboxStatus.Pending,
            ClaimedBy = null,
            ClaimedUntil = null,
            InFlightPart = null,
            PartsSent = partsSent,
            NextAttemptAt = time.GetUtcNow() + wait,
            LastError = error,
        });
        return deferred ? Outcome.Retry : ClaimLost(message);
    }

    // Never cancelled: once a send went out, recording it is what stops it going out again.
    private async Task<Outcome> FinishAsync(ClaimHolder holder, OutboxStatus status, string? error, int? partsSent = null, bool maybeDelivered = false)
    {
        var now = time.GetUtcNow();
        var key = holder.Current.Value.Key;
        bool recorded;
        try
        {
            recorded = await holder.UpdateAsync(m => m with
            {
                Status = status,
                ClaimedBy = null,
                ClaimedUntil = null,
                InFlightPart = null,
                PartsSent = partsSent ?? m.PartsSent,
                MaybeDelivered = m.MaybeDelivered || maybeDelivered,
                SentAt = status == OutboxStatus.Sent ? now : null,
                FinishedAt = now,
                KeyExpiresAt = now + options.Value.KeyRetention,
                LastError = error,
            });
        }
        catch (RequestFailedException e)
        {
            logger.LogError(e, "Outbox message {Key} ended {Status} but that could not be recorded", key, status);
            recorded = false;
        }

        if (!recorded)
        {
            // The claim ran out or the write failed: another instance may take the message over and send it again.
            Stats.LostFinish();
            logger.LogError("Outbox message {Key} ended {Status} but the final write was lost; it may be sent again", key, status);
        }

        PartnerBotMetrics.OutboxFinished(key, status);
        return status switch
        {
            OutboxStatus.Sent => Outcome.Sent,
            OutboxStatus.Unreachable => Outcome.Unreachable,
            OutboxStatus.Unconfirmed => Outcome.Unconfirmed,
            _ => Outcome.Failed,
        };
    }

    /// <summary>One claim and every change to it, in turn: progress, renewals, the final write.</summary>
    private sealed class ClaimHolder(IOutboxStore outbox, Stored<OutboxMessage> claimed)
    {
        private readonly SemaphoreSlim gate = new(1, 1);

        public Stored<OutboxMessage> Current { get; private set; } = claimed;

        /// <summary>Set once a conditional write failed: someone else changed the message, so it is no longer ours.</summary>
        public bool Lost { get; private set; }

        public async Task<bool> UpdateAsync(Func<OutboxMessage, OutboxMessage> change)
        {
            await gate.WaitAsync();
            try
            {
                if (Lost)
                {
                    return false;
                }

                var next = await outbox.TryUpdateAsync(Current, change(Current.Value), CancellationToken.None);
                if (next is null)
                {
                    Lost = true;
                    return false;
                }

                Current = next;
                return true;
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>Renews the claim every <paramref name="every"/> until stopped or lost.</summary>
        public async Task KeepAliveAsync(TimeSpan every, Func<DateTimeOffset> until, TimeProvider time, ILogger logger, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, time, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    if (!await UpdateAsync(m => m with { ClaimedUntil = until() }))
                    {
                        return;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // The claim still has time left; the next renewal may get through. Never thrown into the send.
                    logger.LogWarning(e, "Could not renew the claim on outbox message {Key}", Current.Value.Key);
                }
            }
        }
    }

    private async Task<(string ServiceUrl, string ConversationId)?> ResolveAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message is { ConversationId: { } channel, ServiceUrl: { } channelServiceUrl })
        {
            return (channelServiceUrl, channel);
        }

        var reference = await references.GetAsync(message.Workspace.TenantId, message.RecipientUserId, cancellationToken);
        if (reference is null || !reference.Reachable)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(reference.ConversationId) && reference.ConversationType is null or "personal")
        {
            return (reference.ServiceUrl, reference.ConversationId);
        }

        if (reference.ChannelUserId is null)
        {
            return null;
        }

        // Known from a team roster or an install, but never talked 1:1: open the personal chat and remember it.
        string created;
        try
        {
            created = await connector.CreatePersonalConversationAsync(reference.ServiceUrl, reference.TenantId, reference.ChannelUserId, reference.BotId ?? options.Value.BotId, cancellationToken);
        }
        catch (ConnectorException e) when (e.IsUnreachable && ChatRefused is not null)
        {
            // The app is not installed for them: whoever asked for this message is told (once, by its own key).
            await TellChatRefusedAsync(message, reference, e);
            throw;
        }

        await references.SaveAsync(reference with { ConversationId = created, ConversationType = "personal", UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return (reference.ServiceUrl, created);
    }

    private async Task TellChatRefusedAsync(OutboxMessage message, StoredConversationReference reference, ConnectorException refusal)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        try
        {
            await ChatRefused!.TellAsync(message, reference.UserName, $"{(int)refusal.StatusCode} {refusal.ErrorCode}".Trim(), deadline.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The message still ends unreachable; telling someone is a courtesy that must not hold delivery.
            logger.LogWarning(e, "Could not tell anyone that outbox message {Key} found no chat", message.Key);
        }
    }

    private static IEnumerable<Activity> Activities(OutboxMessage message, string conversationId)
    {
        var part = 0;
        foreach (var (text, card) in OutboxPayload.Parse(message.PayloadJson))
        {
            yield return new Activity
            {
                Type = "message",
                Conversation = new ConversationAccount { Id = conversationId },
                Text = text,
                TextFormat = text is null ? null : ReplyActivities.PlainText,
                Attachments = card is null ? null : [new Attachment { ContentType = AdaptiveCardContentType, Content = card }],
                // Lets a receiver that keeps keys (our fake connector; a future channel feature) drop a resend.
                ChannelData = new JsonObject { ["partnerBotIdempotencyKey"] = message.Key, ["partnerBotPart"] = part++ },
            };
        }
    }
}
