using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;

namespace PartnerBot.Web.PartnerPage;

/// <summary>What the form shows: whom it is for, who asks, what is filled in, and the hidden fields it sends back.</summary>
public sealed record PartnerForm(
    string PartnerName,
    string LibraryName,
    string Token,
    string Version,
    IReadOnlyDictionary<HealthQuestion, int> Scores,
    string? Comment,
    string ClosesOn,
    DateTimeOffset? AnsweredAt,
    string? Error = null);

/// <summary>
/// The partner page's HTML: plain forms, no script, one style sheet the app serves. Every value that came from a
/// person (names, the comment) goes through <see cref="HtmlEncoder"/>, so it shows literally and never as markup.
/// </summary>
public static class PartnerPageHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    public static string Form(PartnerForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"asker\">{E(form.LibraryName)} asks</p>");
        body.Append(CultureInfo.InvariantCulture, $"<h1>How is the partnership going for {E(form.PartnerName)}?</h1>");
        if (form.Error is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" role=\"alert\" id=\"problem\">{E(form.Error)}</p>");
        }

        if (form.AnsweredAt is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"done\">Your answer is saved. You can change it here until {E(form.ClosesOn)}.</p>");
        }
        else
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>{E(form.LibraryName)} would like to hear how the partnership looks from your side. " +
                $"There are {PartnerRoundRules.Questions.Count} short questions, scored from 1 (not at all) to 5 (fully). " +
                $"Your answer goes to the library's partnership team.</p>");
        }

        var action = PartnerPageEndpoint.Path + "?token=" + Uri.EscapeDataString(form.Token);
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(action)}\">");
        body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"token\" value=\"{E(form.Token)}\">");
        body.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"version\" value=\"{E(form.Version)}\">");
        foreach (var question in PartnerRoundRules.Questions)
        {
            var name = FieldName(question.Question);
            body.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{E(question.Text(form.LibraryName))}</legend><div class=\"scale\">");
            for (var score = PartnerRoundRules.MinScore; score <= PartnerRoundRules.MaxScore; score++)
            {
                var id = $"{name}-{score.ToString(CultureInfo.InvariantCulture)}";
                var chosen = form.Scores.TryGetValue(question.Question, out var s) && s == score ? " checked" : "";
                var word = PartnerRoundRules.ScaleLabels[score - PartnerRoundRules.MinScore];
                body.Append(CultureInfo.InvariantCulture,
                    $"<label for=\"{id}\"><input type=\"radio\" id=\"{id}\" name=\"{name}\" value=\"{score.ToString(CultureInfo.InvariantCulture)}\" required{chosen}>" +
                    $"<span class=\"n\">{score.ToString(CultureInfo.InvariantCulture)}</span><span class=\"w\">{E(word)}</span></label>");
            }

            body.Append("</div></fieldset>");
        }

        var limit = PartnerRoundRules.CommentMaxLength.ToString("N0", CultureInfo.InvariantCulture);
        body.Append("<label class=\"field\" for=\"comment\">Anything you would like to add? (optional)</label>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"note\" id=\"comment-limit\">Up to {limit} characters.</p>");
        // No maxlength: a browser would cut a pasted text silently; the server refuses a longer one and shows it back whole.
        body.Append("<textarea id=\"comment\" name=\"comment\" rows=\"5\" aria-describedby=\"comment-limit\">");
        // A leading newline right after <textarea> is dropped by the parser; one of our own keeps the comment's own.
        body.Append('\n').Append(E(form.Comment ?? "")).Append("</textarea>");
        body.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{(form.AnsweredAt is null ? "Send my answer" : "Save changes")}</button>");
        body.Append("</form>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">This link works until {E(form.ClosesOn)}. Please do not forward it: anyone with it can answer for your organisation.</p>");
        return Page($"Partnership check for {form.PartnerName}", body.ToString());
    }

    public static string ThankYou(string partnerName, string libraryName, IReadOnlyDictionary<HealthQuestion, int> scores, string? comment, string closesOn, bool edited)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"asker\">{E(libraryName)}</p>");
        body.Append(CultureInfo.InvariantCulture, $"<h1>{(edited ? "Your changes are saved" : "Thank you, your answer is saved")}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"done\" role=\"status\">{E(libraryName)} will see how the partnership looks for {E(partnerName)}.</p>");
        body.Append("<dl>");
        foreach (var question in PartnerRoundRules.Questions)
        {
            if (scores.TryGetValue(question.Question, out var score))
            {
                var word = PartnerRoundRules.ScaleLabels[score - PartnerRoundRules.MinScore];
                body.Append(CultureInfo.InvariantCulture, $"<dt>{E(question.Text(libraryName))}</dt><dd>{score.ToString(CultureInfo.InvariantCulture)} – {E(word)}</dd>");
            }
        }

        if (comment is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<dt>Your comment</dt><dd class=\"comment\">{E(comment)}</dd>");
        }

        body.Append("</dl>");
        body.Append(CultureInfo.InvariantCulture, $"<p>You can open the same link again to change your answer until {E(closesOn)}.</p>");
        return Page("Thank you", body.ToString());
    }

    /// <summary>A refusal or a problem: a heading and a sentence, nothing about the round or anyone's answers.</summary>
    public static string Message(string title, string message) =>
        Page(title, $"<h1>{E(title)}</h1><p>{E(message)}</p>");

    /// <summary>The form field of a question's score.</summary>
    public static string FieldName(HealthQuestion question) => question switch
    {
        HealthQuestion.PartnerInterestMet => "interest",
        HealthQuestion.Communication => "communication",
        HealthQuestion.Progress => "progress",
        HealthQuestion.StrategicFit => "fit",
        _ => question.ToString().ToLowerInvariant(),
    };

    private static string Page(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        "<meta name=\"robots\" content=\"noindex, nofollow\">" +
        $"<title>{E(title)}</title><link rel=\"stylesheet\" href=\"{PartnerPageEndpoint.StylePath}\"></head>" +
        $"<body><main><div class=\"card\">{body}</div><footer>Sent with PartnerBot on behalf of the library.</footer></main></body></html>";

    private static string E(string value) => Encoder.Encode(value);
}
