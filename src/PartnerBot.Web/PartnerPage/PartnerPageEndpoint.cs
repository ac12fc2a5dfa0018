using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Web.PartnerPage;

/// <summary>
/// <c>/partner/health?token=…</c>: the partner's side of a health check, for the partner's own contact, who has no
/// Teams account. GET shows the form (filled in with their answer once they gave one), POST saves it. The signed token
/// is the whole authorisation; the round is read by the partner and round it names, and the page shows nothing but
/// that round's questions, the two organisations' names and the partner's own answer.
/// </summary>
public static partial class PartnerPageEndpoint
{
    public const string Path = "/partner/health";

    /// <summary>The page's style sheet (the edge's policy allows only the app's own).</summary>
    public const string StylePath = "/partner/page.css";

    /// <summary>
    /// The largest form accepted. Four scores, a token and a comment of 2,000 characters fit many times over, even a
    /// comment of characters that take nine bytes each once form-encoded.
    /// </summary>
    public const int MaxBodyBytes = 32 * 1024;

    /// <summary>How long the storage calls of one request may take together before the page says 'try again'.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <summary>What the 'try again' page suggests, in Retry-After.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    private const string FormContentType = "application/x-www-form-urlencoded";

    private static readonly Lazy<byte[]> Style = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PartnerBot.Web.PartnerPage.partner-page.css")
            ?? throw new InvalidOperationException("The partner page's style sheet is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public static WebApplication MapPartnerPage(this WebApplication app)
    {
        app.MapGet(Path, ShowAsync);
        app.MapPost(Path, SaveAsync);
        app.MapGet(StylePath, WriteStyleAsync);
        return app;
    }

    public static async Task ShowAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        NoStore(http.Response);
        var link = CheckLink(http, http.Request.Query["token"]);
        if (link.Refusal is { } refused)
        {
            await refused;
            return;
        }

        var check = link.Check!;
        await WithStorageAsync(http, async token =>
        {
            var services = http.RequestServices;
            var time = services.GetRequiredService<TimeProvider>();
            var round = await services.GetRequiredService<PartnerAnswers>().OpenAsync(check.Workspace!, check.PartnerId!, check.RoundId!, token);
            var names = round is null ? null : await NamesAsync(services, check, token);
            if (round is null || names is null)
            {
                await GoneAsync(http);
                return;
            }

            var closes = ClosesOn(round.Value.ExpiresAt, names.Value.Zone);
            if (await ClosedAsync(http, round.Value, time.GetUtcNow(), closes))
            {
                return;
            }

            var response = round.Value.Response;
            await WriteHtmlAsync(http, StatusCodes.Status200OK, PartnerPageHtml.Form(new PartnerForm(
                names.Value.Partner,
                names.Value.Library,
                http.Request.Query["token"].ToString(),
                round.ETag,
                response?.Scores ?? new Dictionary<HealthQuestion, int>(),
                response?.Comment,
                closes,
                response?.EditedAt ?? response?.SubmittedAt)));
        });
    }

    public static async Task SaveAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        NoStore(http.Response);
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals(FormContentType, StringComparison.OrdinalIgnoreCase))
        {
            await MessageAsync(http, StatusCodes.Status415UnsupportedMediaType, "This page only takes its own form",
                "Nothing was saved. Open the link you were sent and answer on the page.");
            return;
        }

        var form = await ReadFormAsync(http);
        if (form is null)
        {
            await MessageAsync(http, StatusCodes.Status413PayloadTooLarge, "That was too much to send",
                $"Nothing was saved. A comment can be up to {PartnerRoundRules.CommentMaxLength.ToString("N0", CultureInfo.InvariantCulture)} characters; open the link again and send a shorter one.");
            return;
        }

        var fromQuery = request.Query["token"];
        var fromForm = form.GetValueOrDefault("token");
        if (fromForm.Count > 1 || fromQuery.Count > 1 || (fromQuery.Count == 1 && fromForm.Count == 1 && fromQuery != fromForm))
        {
            await MessageAsync(http, StatusCodes.Status400BadRequest, "This form could not be read", "Nothing was saved. Open the link you were sent and answer on the page.");
            return;
        }

        var tokenText = fromForm.Count == 1 ? fromForm.ToString() : fromQuery.ToString();
        var link = CheckLink(http, tokenText);
        if (link.Refusal is { } refused)
        {
            await refused;
            return;
        }

        var check = link.Check!;
        var scores = Scores(form);
        var comment = form.GetValueOrDefault("comment") is { Count: 1 } c ? c.ToString() : null;
        var version = form.GetValueOrDefault("version") is { Count: 1 } v ? v.ToString() : null;
        await WithStorageAsync(http, async token =>
        {
            var services = http.RequestServices;
            var time = services.GetRequiredService<TimeProvider>();
            var names = await NamesAsync(services, check, token);
            if (names is null)
            {
                await GoneAsync(http);
                return;
            }

            var result = await services.GetRequiredService<PartnerAnswers>().SaveAsync(
                check.Workspace!, check.PartnerId!, check.RoundId!, scores, comment, version, token);
            var round = result.Round;
            var closes = round is null ? "" : ClosesOn(round.Value.ExpiresAt, names.Value.Zone);
            switch (result.Refusal)
            {
                case null:
                    var saved = round!.Value.Response!;
                    await WriteHtmlAsync(http, StatusCodes.Status200OK, PartnerPageHtml.ThankYou(
                        names.Value.Partner, names.Value.Library, saved.Scores, saved.Comment, closes, result.Outcome == PartnerAnswerOutcome.Edited));
                    return;
                case PartnerAnswerRefusal.RoundGone:
                    await GoneAsync(http);
                    return;
                case PartnerAnswerRefusal.Revoked or PartnerAnswerRefusal.Expired:
                    await ClosedAsync(http, round!.Value, time.GetUtcNow(), closes);
                    return;
                case PartnerAnswerRefusal.Stale:
                    await MessageAsync(http, StatusCodes.Status409Conflict, "Your answer changed in the meantime",
                        "Nothing was saved from this form: the answer was changed since this page was opened (perhaps in another window). " +
                        "Open the link again to see the latest answer and change it there.");
                    return;
                default:
                    var error = result.Refusal == PartnerAnswerRefusal.CommentTooLong
                        ? $"Nothing was saved: your comment is {PartnerRoundRules.NormaliseComment(comment)!.Length.ToString("N0", CultureInfo.InvariantCulture)} characters " +
                          $"and the limit is {PartnerRoundRules.CommentMaxLength.ToString("N0", CultureInfo.InvariantCulture)}. Please shorten it and send again."
                        : $"Nothing was saved: please answer every question with a score from {PartnerRoundRules.MinScore} to {PartnerRoundRules.MaxScore}.";
                    await WriteHtmlAsync(http, StatusCodes.Status400BadRequest, PartnerPageHtml.Form(new PartnerForm(
                        names.Value.Partner, names.Value.Library, tokenText, round!.ETag, scores, comment, closes,
                        round.Value.Response?.EditedAt ?? round.Value.Response?.SubmittedAt, error)));
                    return;
            }
        });
    }

    private static Task WriteStyleAsync(HttpContext http)
    {
        http.Response.ContentType = "text/css; charset=utf-8";
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return http.Response.Body.WriteAsync(Style.Value, http.RequestAborted).AsTask();
    }

    /// <summary>The link's check, or the refusal page for it.</summary>
    private static (PartnerLinkCheck? Check, Task? Refusal) CheckLink(HttpContext http, StringValues token)
    {
        if (token.Count > 1)
        {
            return (null, InvalidLinkAsync(http));
        }

        var check = http.RequestServices.GetRequiredService<PartnerLinks>().Check(token.ToString());
        return check.Status switch
        {
            PartnerLinkStatus.Valid => (check, null),
            PartnerLinkStatus.Expired => (null, MessageAsync(http, StatusCodes.Status410Gone, "This link has expired",
                "The time to answer has ended and nothing can be changed any more. If you still want to share your view, ask your contact at the library for a new link.")),
            _ => (null, InvalidLinkAsync(http)),
        };
    }

    private static Task InvalidLinkAsync(HttpContext http) =>
        MessageAsync(http, StatusCodes.Status403Forbidden, "This link does not work",
            "It may have been copied only in part. Try the link from the e-mail again, or ask your contact at the library for a new one.");

    private static Task GoneAsync(HttpContext http) =>
        MessageAsync(http, StatusCodes.Status404NotFound, "There is nothing to answer here any more",
            "This link no longer leads to a question. If you think that is a mistake, ask your contact at the library.");

    /// <summary>Answers for a revoked or expired round and returns true, or returns false for an open one.</summary>
    private static async Task<bool> ClosedAsync(HttpContext http, PartnerRound round, DateTimeOffset now, string closes)
    {
        switch (PartnerRoundRules.StateAt(round, now))
        {
            case PartnerRoundState.Revoked:
                await MessageAsync(http, StatusCodes.Status410Gone, "This link was withdrawn",
                    "The library has withdrawn this link, so nothing can be answered or changed here. Ask your contact at the library if you want to share your view.");
                return true;
            case PartnerRoundState.Expired:
                await MessageAsync(http, StatusCodes.Status410Gone, "This link has expired",
                    $"Answers could be given until {closes}; nothing can be changed any more. If you still want to share your view, ask your contact at the library for a new link.");
                return true;
            default:
                return false;
        }
    }

    private readonly record struct Names(string Partner, string Library, TimeZoneInfo Zone);

    /// <summary>The partner's and the library's names, or null when the partner is gone.</summary>
    private static async Task<Names?> NamesAsync(IServiceProvider services, PartnerLinkCheck check, CancellationToken cancellationToken)
    {
        var partner = await services.GetRequiredService<IPartnerStore>().GetAsync(check.Workspace!, check.PartnerId!, cancellationToken);
        if (partner is null)
        {
            return null;
        }

        var workspace = await services.GetRequiredService<IWorkspaceStore>().GetAsync(check.Workspace!, cancellationToken);
        var library = workspace?.Value.LibraryName ?? "Your partner library";
        return new Names(partner.Value.Name, library, TimeZones.Find(workspace?.Value.DefaultTimeZone) ?? TimeZoneInfo.Utc);
    }

    /// <summary>The round's end as a person reads it, in the library's time zone, naming the zone.</summary>
    private static string ClosesOn(DateTimeOffset expires, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(expires, zone);
        var name = zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
        return local.ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " (" + name + ")";
    }

    private static Dictionary<HealthQuestion, int> Scores(Dictionary<string, StringValues> form)
    {
        var scores = new Dictionary<HealthQuestion, int>();
        foreach (var question in PartnerRoundRules.Questions)
        {
            if (form.GetValueOrDefault(PartnerPageHtml.FieldName(question.Question)) is { Count: 1 } value
                && int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var score))
            {
                scores[question.Question] = score;
            }
        }

        return scores;
    }

    /// <summary>The form's fields, or null when the body is larger than <see cref="MaxBodyBytes"/> (whatever Content-Length claims).</summary>
    private static async Task<Dictionary<string, StringValues>?> ReadFormAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted)) > 0)
        {
            length += read;
        }

        if (length > MaxBodyBytes)
        {
            return null;
        }

        try
        {
            using var reader = new FormReader(new MemoryStream(buffer, 0, length));
            return await reader.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return new Dictionary<string, StringValues>();
        }
    }

    /// <summary>
    /// Runs the storage part of a request within <see cref="Deadline"/>. A failure or a timeout answers 'try again'
    /// (503), never an error page: the partner did nothing wrong, and nothing was saved.
    /// </summary>
    private static async Task WithStorageAsync(HttpContext http, Func<CancellationToken, Task> work)
    {
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        using var deadline = StorageDeadline.Start(Deadline, time, http.RequestAborted);
        try
        {
            await work(deadline.Token);
        }
#pragma warning disable CA1031 // Whatever storage threw, the partner gets 'try again'; the cause goes to the log.
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested && !http.Response.HasStarted)
#pragma warning restore CA1031
        {
            LogStorageFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PartnerPageEndpoint)), e);
            http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await MessageAsync(http, StatusCodes.Status503ServiceUnavailable, "Please try again in a minute",
                "We could not reach our records just now, so nothing was saved. Please try again in a minute: the link still works.");
        }
    }

    private static Task MessageAsync(HttpContext http, int status, string title, string message) =>
        WriteHtmlAsync(http, status, PartnerPageHtml.Message(title, message));

    private static Task WriteHtmlAsync(HttpContext http, int status, string html)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(html, http.RequestAborted);
    }

    private static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The partner page could not reach storage in time; the partner was asked to try again")]
    private static partial void LogStorageFailed(ILogger logger, Exception error);
}
