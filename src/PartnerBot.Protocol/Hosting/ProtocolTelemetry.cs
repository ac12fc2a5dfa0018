using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using PartnerBot.Protocol.Activities;
using Activity = PartnerBot.Protocol.Activities.Activity;
using Span = System.Diagnostics.Activity;

namespace PartnerBot.Protocol.Hosting;

/// <summary>
/// The protocol layer's traces and metrics. The host subscribes to <see cref="ActivitySourceName"/> and
/// <see cref="MeterName"/>; without a listener every call here costs next to nothing.
/// </summary>
public static class ProtocolTelemetry
{
    /// <summary>The <see cref="ActivitySource"/> of the turn spans.</summary>
    public const string ActivitySourceName = "PartnerBot.Protocol";

    /// <summary>The <see cref="Meter"/> of the protocol's counters.</summary>
    public const string MeterName = "PartnerBot.Protocol";

    /// <summary>Span tag: the activity type (<c>message</c>, <c>invoke</c>, …).</summary>
    public const string ActivityTypeTag = "partnerbot.activity.type";

    /// <summary>Span tag: the channel's activity id.</summary>
    public const string ActivityIdTag = "partnerbot.activity.id";

    /// <summary>Span tag: the tenant of the validated activity.</summary>
    public const string TenantIdTag = "partnerbot.tenant.id";

    /// <summary>Span tag: <c>personal</c>, <c>groupChat</c>, <c>channel</c> or <c>unknown</c>.</summary>
    public const string ConversationKindTag = "partnerbot.conversation.kind";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    internal static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Unauthorized = Meter.CreateCounter<long>(
        "partnerbot.inbound.unauthorized", "{request}", "Requests to the messaging endpoint answered 401, by reason.");

    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "partnerbot.connector.throttled", "{response}", "Bot Connector answers of 429 Too Many Requests.");

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "partnerbot.connector.retries", "{retry}", "Bot Connector calls repeated after a throttle, a transient failure or no answer, by reason.");

    /// <summary>Counts a 401 at the messaging endpoint; <paramref name="reason"/> is a short code, never the token.</summary>
    internal static void RecordUnauthorized(string? reason) =>
        Unauthorized.Add(1, new KeyValuePair<string, object?>("reason", reason ?? "invalid_token"));

    /// <summary>Counts an answer from the connector: a 429 is counted as throttled.</summary>
    internal static void RecordConnectorAnswer(HttpStatusCode status)
    {
        if (status == HttpStatusCode.TooManyRequests)
        {
            Throttled.Add(1);
        }
    }

    /// <summary>Counts a repeated connector call; the reason is the status code that caused it, or <c>no_answer</c>.</summary>
    internal static void RecordRetry(HttpStatusCode? status) =>
        Retries.Add(1, new KeyValuePair<string, object?>("reason", status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no_answer"));

    /// <summary>
    /// Tags the current span (the request's) with the turn's fields, and starts the turn's own span, a child of it, which
    /// lasts as long as the bot works on the activity (past the acknowledgement when the turn is slow).
    /// </summary>
    internal static Span? StartTurn(TurnScope turn)
    {
        var span = Source.StartActivity("turn " + turn.ActivityType, ActivityKind.Internal);
        Tag(span, turn);
        return span;
    }

    /// <summary>Puts the turn's fields on a span, e.g. the request's, so the request is found by tenant too.</summary>
    internal static void Tag(Span? span, TurnScope turn)
    {
        if (span is null || !span.IsAllDataRequested)
        {
            return;
        }

        span.SetTag(ActivityTypeTag, turn.ActivityType);
        span.SetTag(ActivityIdTag, turn.ActivityId);
        span.SetTag(TenantIdTag, turn.TenantId);
        span.SetTag(ConversationKindTag, turn.ConversationKind);
    }

    /// <summary>Marks a span failed; returns false, for use in an exception filter that lets the exception go on.</summary>
    internal static bool Failed(Span? span, Exception exception)
    {
        span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        return false;
    }
}

/// <summary>
/// The log scope of one activity: its type, id, tenant and conversation kind, so every log line of a turn can be found
/// together. Never the text, names or card values. The tenant is the validated activity's (<see cref="Activity.GetTenantId"/>).
/// </summary>
internal sealed class TurnScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private const int MaxLength = 128;
    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.InstallationUpdate, ActivityTypes.Invoke,
        ActivityTypes.Typing, ActivityTypes.Event, "messageReaction", "messageUpdate", "messageDelete", "endOfConversation",
    };

    private static readonly HashSet<string> KnownKinds = new(StringComparer.Ordinal) { "personal", "groupChat", "channel" };

    private TurnScope(string activityType, string? activityId, string? tenantId, string conversationKind)
    {
        ActivityType = activityType;
        ActivityId = activityId;
        TenantId = tenantId;
        ConversationKind = conversationKind;
    }

    public string ActivityType { get; }

    public string? ActivityId { get; }

    public string? TenantId { get; }

    public string ConversationKind { get; }

    public int Count => 4;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("ActivityType", ActivityType),
        1 => new("ActivityId", ActivityId),
        2 => new("TenantId", TenantId),
        3 => new("ConversationKind", ConversationKind),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>
    /// The fields of a validated activity. Types and kinds outside the known sets are named <c>other</c> and
    /// <c>unknown</c>, and ids are cut to 128 characters, so a caller cannot fill the logs or the metrics' dimensions.
    /// </summary>
    public static TurnScope Of(Activity activity) => new(
        activity.Type is { } type && KnownTypes.Contains(type) ? type : "other",
        Cut(activity.Id),
        Cut(activity.GetTenantId()),
        activity.Conversation?.ConversationType is { } kind && KnownKinds.Contains(kind) ? kind : "unknown");

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>How a console logger shows the scope.</summary>
    public override string ToString() =>
        $"{ActivityType} {ActivityId} tenant {TenantId} ({ConversationKind})";

    private static string? Cut(string? value) => value is { Length: > MaxLength } ? value[..MaxLength] : value;
}
