using System.Diagnostics.Metrics;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;

namespace PartnerBot.Web.Hosting;

/// <summary>
/// The product's metrics, on the meter <c>PartnerBot</c>: how turns end, and what follow-through delivers. The protocol's
/// own counters (401s, the connector's 429s and retries) are on <c>PartnerBot.Protocol</c>, the outbox's quiet failures on
/// <c>PartnerBot.Delivery</c>.
/// </summary>
public static class PartnerBotMetrics
{
    public const string MeterName = "PartnerBot";

    /// <summary>A turn that did what was asked (or had nothing to answer).</summary>
    public const string Answered = "answered";

    /// <summary>A turn that changed nothing on purpose: bad or over-limit input, a stale card, no permission, a guest.</summary>
    public const string Refused = "refused";

    /// <summary>A turn past its deadline, or with storage unavailable: the person got the "storage is slow" apology.</summary>
    public const string Apology = "apology";

    /// <summary>A turn that failed for another reason: the person got the generic apology.</summary>
    public const string Failed = "failed";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Turns = Meter.CreateCounter<long>(
        "partnerbot.turns", "{turn}", "Turns the bot finished, by outcome (answered, refused, apology, failed) and activity type.");

    private static readonly Counter<long> OutboxFailed = Meter.CreateCounter<long>(
        "partnerbot.outbox.failed", "{message}", "Outbox messages that ended Failed (refused for good or out of attempts), by kind.");

    private static readonly Counter<long> DigestsSent = Meter.CreateCounter<long>(
        "partnerbot.digests.sent", "{message}", "Digests delivered.");

    private static readonly Counter<long> NudgesSent = Meter.CreateCounter<long>(
        "partnerbot.nudges.sent", "{message}", "Nudges delivered.");

    private static OutboxObservation? lastOutbox;

    static PartnerBotMetrics()
    {
        Meter.CreateObservableGauge(
            "partnerbot.outbox.due",
            () => lastOutbox is { } o ? [new Measurement<long>(o.Due)] : Array.Empty<Measurement<long>>(),
            "{message}",
            "Messages due at the dispatcher's last pass on this instance (at most one page, 500).");
        Meter.CreateObservableGauge(
            "partnerbot.outbox.oldest_due_age",
            () => lastOutbox is { } o ? [new Measurement<double>(o.OldestAgeSeconds)] : Array.Empty<Measurement<double>>(),
            "s",
            "How long the oldest message due at the dispatcher's last pass had been waiting past its due time.");
    }

    /// <summary>Counts a finished turn. <paramref name="activityType"/> is the channel's; unknown types count as <c>other</c>.</summary>
    public static void TurnEnded(string outcome, string? activityType) =>
        Turns.Add(
            1,
            new KeyValuePair<string, object?>("outcome", outcome),
            new KeyValuePair<string, object?>("activity.type", activityType is "message" or "invoke" or "conversationUpdate" or "installationUpdate" ? activityType : "other"));

    /// <summary>What the dispatcher found due on a pass; the gauges report the latest.</summary>
    public static void OutboxPass(IReadOnlyCollection<Stored<OutboxMessage>> due, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(due);
        var oldest = due.Count == 0 ? now : due.Min(m => DueAt(m.Value));
        lastOutbox = new OutboxObservation(due.Count, Math.Max(0, (now - oldest).TotalSeconds));
    }

    /// <summary>Counts a message that reached a final status: digests and nudges delivered, and failures.</summary>
    public static void OutboxFinished(string key, OutboxStatus status)
    {
        ArgumentNullException.ThrowIfNull(key);
        var kind = KindOf(key);
        if (status == OutboxStatus.Failed)
        {
            OutboxFailed.Add(1, new KeyValuePair<string, object?>("kind", kind));
        }
        else if (status == OutboxStatus.Sent && kind == "digest")
        {
            DigestsSent.Add(1);
        }
        else if (status == OutboxStatus.Sent && kind == "nudge")
        {
            NudgesSent.Add(1);
        }
    }

    // The key starts with its kind ("digest|…", "nudge|…", "prompt|…"): see DeliveryGuarantees.
    private static string KindOf(string key) => key[..Math.Max(0, key.IndexOf('|', StringComparison.Ordinal))] switch
    {
        "digest" => "digest",
        "nudge" => "nudge",
        "prompt" => "prompt",
        _ => "other",
    };

    // A message whose claim ran out is due again when the claim ended.
    private static DateTimeOffset DueAt(OutboxMessage message) =>
        message.Status == OutboxStatus.Sending && message.ClaimedUntil is { } until ? until : message.NextAttemptAt;

    private sealed record OutboxObservation(long Due, double OldestAgeSeconds);
}
