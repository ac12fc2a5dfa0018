using System.Net;

namespace PartnerBot.Protocol.Connector;

/// <summary>The connector refused a call, after any retries it was due.</summary>
public sealed class ConnectorException : Exception
{
    /// <summary>The error code of a send refused before it left, because its service URL is not trusted.</summary>
    public const string UntrustedServiceUrl = "UntrustedServiceUrl";

    /// <summary>The error code of a send that could not get the bot's token.</summary>
    public const string TokenUnavailable = "TokenUnavailable";

    /// <summary>The error code of a roster listing the connector client cannot make.</summary>
    public const string RosterUnsupported = "RosterUnsupported";

    /// <summary>The error code of a roster listing that ran past its deadline; what was read so far is not returned.</summary>
    public const string RosterDeadline = "RosterDeadline";

    /// <summary>Creates the exception.</summary>
    public ConnectorException(HttpStatusCode statusCode, string? errorCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception for a call that never got an HTTP answer (network failure, timeout).</summary>
    public ConnectorException(HttpStatusCode statusCode, string? errorCode, string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>
    /// True when the request may have reached the channel although no success came back: a timeout, a dropped
    /// connection or a 500/502/504 after it was sent. False when it certainly was not delivered (refused connection,
    /// 429, 503, 4xx, nothing sent). Sending it again may then show it twice.
    /// </summary>
    public bool MaybeDelivered { get; init; }

    /// <summary>The HTTP status of the last attempt.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>error.code</c> from the body, if any.</summary>
    public string? ErrorCode { get; }

    /// <summary>True for 403/404 from the channel: the user uninstalled the app, blocked the bot, or the conversation is gone.</summary>
    public bool IsUnreachable => (StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && ErrorCode != UntrustedServiceUrl;
}
