using System.Globalization;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>
/// What an export page answers when storage does not: a 503 the browser shows as a sentence, with when to try again,
/// instead of a 500. The link stays valid until it expires, so trying again is all the person has to do.
/// </summary>
internal static class ExportUnavailable
{
    /// <summary>How long a person is asked to wait before trying the link again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether <paramref name="exception"/> means storage did not answer (its own timeout, a network or server failure, or
    /// the page's deadline), as opposed to the person closing the page (<paramref name="requestAborted"/>) or a bug.
    /// </summary>
    public static bool Is(Exception exception, CancellationToken requestAborted, CancellationToken deadline) =>
        !requestAborted.IsCancellationRequested
        && ((exception is OperationCanceledException && deadline.IsCancellationRequested) || StorageFaults.IsUnavailable(exception, deadline));

    public static IResult Answer(HttpResponse response, string again)
    {
        response.Headers.ContentDisposition = "inline";
        response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Results.Text(
            $"The library's data could not be read just now: storage is not answering. Nothing was changed. {again}",
            "text/plain; charset=utf-8",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
