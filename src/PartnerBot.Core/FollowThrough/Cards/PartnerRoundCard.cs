using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough.Health;

namespace PartnerBot.Core.FollowThrough.Cards;

/// <summary>What the library's contact sends the partner: the link, and an e-mail they can copy (the bot sends none).</summary>
/// <param name="PartnerName">The partner, named in the e-mail.</param>
/// <param name="LibraryName">The library, in whose name the e-mail is written.</param>
/// <param name="SenderName">The person asking, who signs the e-mail.</param>
/// <param name="Link">The partner page's signed address.</param>
/// <param name="Closes">The day the link stops working, in the sender's zone.</param>
public sealed record PartnerRoundDraft(string PartnerName, string LibraryName, string SenderName, string Link, DateOnly Closes)
{
    public string Subject => $"{Capitalised(LibraryName)} and {PartnerName}: how is our partnership going for you?";

    public string Body =>
        $"""
        Hello,

        At {LibraryName} we check now and then how our partnership with {PartnerName} is going, and we would like to hear it from your side too: whether your interest is being met, how communication is going, whether the work is progressing, and whether it still fits your strategy. It is four scores from 1 to 5 and an optional comment, takes about two minutes, and needs no account.

        {Link}

        The link works until {Dates.Day(Closes)}; you can change your answers until then.

        Thank you,
        {SenderName}
        {Capitalised(LibraryName)}
        """;

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>The cards of asking a partner for their side of the health check, and the two views side by side.</summary>
public static class PartnerRoundCard
{
    /// <summary>Revokes a round's link (carries the partner, the round and the row's version).</summary>
    public const string RevokeAction = "partnerround.revoke";

    /// <summary>Shows an open round's link and e-mail again (carries the partner and the round).</summary>
    public const string ShowAction = "partnerround.show";

    /// <summary>The link, the e-mail to copy, when it closes, and the Revoke button.</summary>
    public static AdaptiveCard Asked(string headline, PartnerRound round, string version, PartnerRoundDraft draft)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(draft);
        var card = new AdaptiveCard
        {
            FallbackText = $"{headline} {draft.Link}",
            Body =
            {
                new TextBlock(headline) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock($"Send this link to {draft.PartnerName}'s own contact. It opens a short page, no Teams needed, with the health check's questions from their side. I send no e-mail myself: copy the draft below into your own."),
                new FactList
                {
                    Facts =
                    {
                        new Fact("Link", draft.Link),
                        new Fact("Closes", Dates.Day(draft.Closes)),
                    },
                },
                new TextBlock("E-mail to copy") { Weight = TextWeight.Bolder, Separator = true },
                new FactList { Facts = { new Fact("Subject", draft.Subject) } },
            },
            Actions =
            {
                new OpenUrlAction { Title = "Open the page", Url = draft.Link },
                RevokeButton(round, version),
            },
        };

        // One text block per line of the e-mail: Markdown would join the signature's lines into one.
        var gap = true;
        foreach (var line in draft.Body.Split('\n'))
        {
            if (line.Length == 0)
            {
                gap = true;
                continue;
            }

            card.Body.Add(new TextBlock(line) { Spacing = gap ? Spacing.Small : Spacing.None });
            gap = false;
        }

        return card;
    }

    /// <summary>An open round for the partner already: say so, and offer its link again or to revoke it.</summary>
    public static AdaptiveCard AlreadyOpen(string partnerName, PartnerRound round, string version, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(round);
        var state = round.Response is { } answer
            ? $"They answered on {Dates.Day(answer.SubmittedAt, zone)} and can change their answers until it closes."
            : "No answer yet.";
        var text = $"You already asked {partnerName} on {Dates.Day(round.CreatedAt, zone)}; that link works until {Dates.Day(round.ExpiresAt, zone)}. {state} One link per partner is open at a time: show it again, or revoke it and ask again.";
        return new AdaptiveCard
        {
            FallbackText = text,
            Body = { new TextBlock(text) },
            Actions =
            {
                Buttons.Open("Show the link again", ShowAction, new JsonObject { ["partnerId"] = round.PartnerId, ["round"] = round.Id }),
                RevokeButton(round, version),
            },
        };
    }

    /// <summary>The link no longer works; asking again is one click.</summary>
    public static AdaptiveCard Revoked(string partnerName, SubmitAction askAgain)
    {
        var text = $"Revoked: the link for {partnerName} no longer works, and any answer they gave stays as it was.";
        return new AdaptiveCard
        {
            FallbackText = text,
            Body = { new TextBlock(text) },
            Actions = { askAgain },
        };
    }

    public static SubmitAction RevokeButton(PartnerRound round, string version)
    {
        ArgumentNullException.ThrowIfNull(round);
        return new SubmitAction
        {
            Title = "Revoke link",
            Style = ActionStyle.Destructive,
            AssociatedInputs = "none",
            Data = new JsonObject { ["action"] = RevokeAction, ["partnerId"] = round.PartnerId, ["round"] = round.Id, ["version"] = version },
        };
    }

    /// <summary>
    /// The health trend under a health check or on the partner card: both sides' views, then the review advice when the
    /// trend calls for one (naming the partner's side when that is why).
    /// </summary>
    public static IReadOnlyList<CardElement> Trend(string partnerId, Stores.PartnerHistory history, DateTimeOffset? now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(history);
        var elements = new List<CardElement>(BothViews(history.HealthChecks, history.PartnerRounds, now, zone));
        var assessment = HealthTrend.Assess(partnerId, history, HealthRules.Default);
        if (assessment is { NeedsReview: true, Advice: { } advice, Explanation: { } why })
        {
            var verb = advice switch
            {
                SunsetAdvice.End => "consider ending it",
                SunsetAdvice.Renegotiate => "renegotiate",
                _ => "review it",
            };
            elements.Add(new TextBlock($"Advice: {verb}. {why}") { Color = TextColor.Attention, Separator = elements.Count == 0 });
        }

        return elements;
    }

    /// <summary>
    /// The partner's view beside the library's, for the partner card and the health-check confirmation: per compared
    /// question "you 4, they 2", each gap of <see cref="PartnerRounds.GapAtLeast"/> or more in words, and a round still
    /// waiting for an answer. Empty when the partner was never asked.
    /// </summary>
    /// <param name="checks">The library's health checks of the partner.</param>
    /// <param name="rounds">The partner's rounds.</param>
    /// <param name="now">Decides which rounds are still open; without it, any round neither revoked nor answered counts as open.</param>
    /// <param name="zone">The reader's zone, for the dates.</param>
    public static IReadOnlyList<CardElement> BothViews(IReadOnlyCollection<HealthCheck> checks, IReadOnlyCollection<PartnerRound> rounds, DateTimeOffset? now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 0)
        {
            return [];
        }

        var elements = new List<CardElement> { new TextBlock("Both sides' view") { Weight = TextWeight.Bolder, Separator = true } };
        if (PartnerViews.Latest(checks, rounds) is { } side)
        {
            var library = side.LibraryChecks switch
            {
                0 => "no health check of yours to compare with",
                1 => "compared with your health check of the time",
                var n => $"compared with the average of your {n} health checks of the time",
            };
            elements.Add(new TextBlock($"They answered on {Dates.Day(side.AnsweredAt, zone)}, {library}.") { IsSubtle = true, Spacing = Spacing.None });
            elements.Add(new FactList
            {
                Facts = side.Questions.Select(q => new Fact(
                    PartnerRounds.Label(q.Question),
                    $"you {PartnerViews.Score(q.Library)}, they {PartnerViews.Score(q.Partner)}{(q.IsWide ? " · gap" : "")}")).ToList(),
            });
            foreach (var gap in side.Gaps)
            {
                elements.Add(new TextBlock($"Gap: {gap.Disagreement()}.") { Color = TextColor.Attention, Spacing = Spacing.None });
            }

            if (side.Round.Response?.Comment is { Length: > 0 } comment)
            {
                elements.Add(new TextBlock($"Their comment: {comment}") { IsSubtle = true });
            }
        }

        var at = now ?? DateTimeOffset.MinValue;
        if (PartnerRounds.Open(rounds, at) is { Response: null } waiting)
        {
            elements.Add(new TextBlock($"Asked on {Dates.Day(waiting.CreatedAt, zone)}, no answer yet, closes {Dates.Day(waiting.ExpiresAt, zone)}.") { IsSubtle = true });
        }
        else if (now is not null && rounds.MaxBy(r => r.CreatedAt) is { Response: null, RevokedAt: null } silent && !silent.IsOpenAt(at))
        {
            elements.Add(new TextBlock($"Asked on {Dates.Day(silent.CreatedAt, zone)}; it closed on {Dates.Day(silent.ExpiresAt, zone)} without an answer.") { IsSubtle = true });
        }

        return elements.Count == 1 ? [] : elements;
    }
}
