using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Authentication;
using PartnerBot.Protocol.Processing;

namespace PartnerBot.Protocol.Hosting;

/// <summary>
/// <c>POST /api/messages</c>. Answers, in this order: 405 not POST; 413 body too large; 401 no usable
/// Authorization header (or, in development mode, a caller not on this machine: see <see cref="LocalCallers"/>);
/// 415 content type not JSON; 400 body not a JSON activity with a <c>type</c>, <c>channelId</c>, absolute
/// <c>serviceUrl</c>, conversation id and fields of the right JSON types; 401 token invalid for this activity
/// (including a service URL it does not vouch for); 403 an activity that may not act here (see
/// <see cref="InboundPolicy"/>); 429 with <c>Retry-After</c> when an <see cref="IInboundActivityLimiter"/> says the
/// activity's sender is over its limit. Only then does the activity reach the bot.
/// </summary>
public static partial class BotMessagesEndpoint
{
    /// <summary>Maps the Bot Framework messaging endpoint.</summary>
    public static IEndpointConventionBuilder MapBotMessages(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.Map(pattern, (Delegate)HandleAsync).WithDisplayName("Bot Framework messages");
    }

    private static async Task<IResult> HandleAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<BotOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotMessagesEndpoint));

        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "POST";
            return Problem(405, "Use POST.");
        }

        if (http.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            return Problem(413, "The activity is too large.");
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        if (options.IsDevelopmentMode)
        {
            if (LocalCallers.WhyNotLocal(http) is { } why)
            {
                LogRejected(logger, "development mode (no Bot:AppId) serves only this machine, and " + why);
                ProtocolTelemetry.RecordUnauthorized("not_local");
                return Problem(401, "Unauthorized.");
            }
        }
        else if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= "Bearer ".Length)
        {
            LogRejected(logger, "no bearer token");
            ProtocolTelemetry.RecordUnauthorized("no_bearer_token");
            return Problem(401, "Unauthorized.");
        }

        if (!IsJson(http.Request.ContentType))
        {
            return Problem(415, "Send the activity as application/json.");
        }

        var body = await ActivityBodyReader.ReadAsync(http.Request, options.MaxRequestBodyBytes, http.RequestAborted);
        if (body.TooLarge)
        {
            return Problem(413, "The activity is too large.");
        }

        if (body.Activity is not { } activity)
        {
            return Problem(400, body.Error ?? "The body is not an activity.");
        }

        if (ActivityBodyReader.AddressingProblem(activity) is { } addressingProblem)
        {
            return Problem(400, addressingProblem);
        }

        if (!options.IsDevelopmentMode)
        {
            var validator = services.GetRequiredService<IBotTokenValidator>();
            var outcome = await validator.ValidateAsync(authorization, activity, http.RequestAborted);
            if (!outcome.IsValid)
            {
                LogRejected(logger, outcome.Failure);
                ProtocolTelemetry.RecordUnauthorized(outcome.Reason);
                return Problem(401, "Unauthorized.");
            }
        }

        if (InboundPolicy.WhyRefused(activity, options) is { } refusal)
        {
            LogForbidden(logger, activity.ChannelId, refusal);
            return Problem(403, refusal);
        }

        if (services.GetService<IInboundActivityLimiter>()?.TryAcquire(activity) is { } retryAfter)
        {
            LogLimited(logger, activity.ChannelId);
            http.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem(429, "Too many activities; retry later.");
        }

        var processor = services.GetRequiredService<IActivityProcessor>();
        var result = await processor.ProcessAsync(activity, http.RequestAborted);
        return result.Body is null
            ? Results.StatusCode(result.Status)
            : Results.Json(result.Body, ProtocolJson.Options, statusCode: result.Status);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    private static IResult Problem(int status, string message) =>
        Results.Json(new { error = new { code = status.ToString(System.Globalization.CultureInfo.InvariantCulture), message } }, statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an authenticated activity from channel {ChannelId}: {Reason}")]
    private static partial void LogForbidden(ILogger logger, string? channelId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an authenticated activity from channel {ChannelId}: its sender is over its rate limit")]
    private static partial void LogLimited(ILogger logger, string? channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a request to the messaging endpoint: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? reason);
}
