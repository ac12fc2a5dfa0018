using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Storage;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;
using PartnerBot.Web.Bot;

namespace PartnerBot.Web.FollowThrough.Delivery;

/// <summary>What one pass of the dispatcher did.</summary>
public sealed record DispatchResult(int Sent, int Retried, int Unreachable, int Failed, int LostRace);

/// <summary>
/// Sends what the outbox holds. Each message is claimed with its ETag before sending and marked sent with the claim's
/// ETag after, so across any number of instances a message goes out once. A crash between the send and the mark
/// leaves the claim to expire and the message to be sent again: that window is the one duplicate we cannot close
/// without the channel's help, and is why the claim is marked with no cancellation once the send succeeded.
/// </summary>
public sealed class OutboxDispatcher(
    IOutboxStore outbox,
    IConnectorClient connector,
    IConversationReferenceStore references,
    TeamsRateLimiter limiter,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Identifies this instance in claims.</summary>
    public string InstanceId { get; init; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    /// <summary>Sends everything due now; returns when the outbox has nothing due left or the token is cancelled.</summary>
    public async Task<DispatchResult> DrainAsync(CancellationToken cancellationToken)
    {
        var total = new DispatchResult(0, 0, 0, 0, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await outbox.ListDueAsync(time.GetUtcNow(), 500, cancellationToken);
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
            };
            if (results.All(r => r == Outcome.LostRace || r == Outcome.Retry))
            {
                // Nothing moved forward in this pass (all taken by others or deferred): let the caller's poll decide when to look again.
                return total;
            }
        }

        return total;
    }

    private enum Outcome
    {
        Sent,
        Retry,
        Unreachable,
        Failed,
        LostRace,
    }

    private async Task<Outcome> ProcessAsync(Stored<OutboxMessage> found, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimed = await outbox.TryUpdateAsync(found, found.Value with
        {
            Status = OutboxStatus.Sending,
            ClaimedBy = InstanceId,
            ClaimedUntil = now + options.Value.ClaimDuration,
            Attempts = found.Value.Attempts + 1,
        }, CancellationToken.None);
        if (claimed is null)
        {
            return Outcome.LostRace;
        }

        // The claim is never cut off half-way (a claim the service took but we never heard of would strand the message
        // until it expires); a shutdown is noticed here instead, and the message handed straight back.
        if (cancellationToken.IsCancellationRequested)
        {
            await outbox.TryUpdateAsync(claimed, found.Value, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var message = claimed.Value;
        try
        {
            var target = await ResolveAsync(message, cancellationToken);
            if (target is null)
            {
                await FinishAsync(claimed, OutboxStatus.Unreachable, "No conversation with this person is known, and none could be created.");
                return Outcome.Unreachable;
            }

            foreach (var activity in Activities(message, target.Value.ConversationId))
            {
                await limiter.WaitAsync(message.Workspace.TenantId, target.Value.ConversationId, cancellationToken);
                // Not cancellable: a send cut off mid-flight may still arrive, and then we could not know to mark it sent.
                await connector.SendToConversationAsync(target.Value.ServiceUrl, target.Value.ConversationId, activity, CancellationToken.None);
            }

            await FinishAsync(claimed, OutboxStatus.Sent, null);
            return Outcome.Sent;
        }
        catch (ConnectorException e) when (e.StatusCode == HttpStatusCode.Forbidden || e.StatusCode == HttpStatusCode.NotFound)
        {
            if (message.ConversationId is null)
            {
                await references.MarkUnreachableAsync(message.Workspace.TenantId, message.RecipientUserId, $"{(int)e.StatusCode} {e.ErrorCode}".Trim(), CancellationToken.None);
            }

            await FinishAsync(claimed, OutboxStatus.Unreachable, e.Message);
            return Outcome.Unreachable;
        }
        catch (ConnectorException e) when (IsTransient(e.StatusCode))
        {
            return await DeferAsync(claimed, e.Message);
        }
        catch (ConnectorException e)
        {
            logger.LogWarning("Outbox message {Key} refused for good: {Status} {Message}", message.Key, e.StatusCode, e.Message);
            await FinishAsync(claimed, OutboxStatus.Failed, e.Message);
            return Outcome.Failed;
        }
        catch (HttpRequestException e)
        {
            return await DeferAsync(claimed, e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down before the send: hand the message back now rather than after the claim expires.
            await outbox.TryUpdateAsync(claimed, message with { Status = OutboxStatus.Pending, ClaimedBy = null, ClaimedUntil = null, Attempts = message.Attempts - 1 }, CancellationToken.None);
            throw;
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError;

    private async Task<Outcome> DeferAsync(Stored<OutboxMessage> claimed, string error)
    {
        var message = claimed.Value;
        if (message.Attempts >= options.Value.MaxAttempts)
        {
            await FinishAsync(claimed, OutboxStatus.Failed, $"Gave up after {message.Attempts} attempts: {error}");
            return Outcome.Failed;
        }

        // Exponential back-off with full jitter, so retries from many messages do not arrive together.
        var ceiling = options.Value.RetryBase * Math.Pow(2, message.Attempts - 1);
        var wait = ceiling * (0.5 + (Random.Shared.NextDouble() / 2));
        await outbox.TryUpdateAsync(claimed, message with
        {
            Status = OutboxStatus.Pending,
            ClaimedBy = null,
            ClaimedUntil = null,
            NextAttemptAt = time.GetUtcNow() + wait,
            LastError = error,
        }, CancellationToken.None);
        return Outcome.Retry;
    }

    // Never cancelled: once a send went out, recording it is what stops it going out again.
    private Task FinishAsync(Stored<OutboxMessage> claimed, OutboxStatus status, string? error) =>
        outbox.TryUpdateAsync(claimed, claimed.Value with
        {
            Status = status,
            ClaimedBy = null,
            ClaimedUntil = null,
            SentAt = status == OutboxStatus.Sent ? time.GetUtcNow() : null,
            LastError = error,
        }, CancellationToken.None);

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
        var created = await connector.CreatePersonalConversationAsync(reference.ServiceUrl, reference.TenantId, reference.ChannelUserId, reference.BotId ?? options.Value.BotId, cancellationToken);
        await references.SaveAsync(reference with { ConversationId = created, ConversationType = "personal", UpdatedAt = time.GetUtcNow() }, cancellationToken);
        return (reference.ServiceUrl, created);
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
