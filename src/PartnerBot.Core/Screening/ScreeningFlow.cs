using PartnerBot.Core.Cards.Screening;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Screening;

/// <summary>
/// Preliminary screening: one card with the five questions. Each rater has their own row, so two people
/// screening at once both count; the same person's card submitted twice is caught by the row's ETag.
/// </summary>
public sealed class ScreeningFlow(FlowServices services) : PartnerCardFlow(services, ScreeningFlow.ScreenCommand, "screening", ScreeningCards.SubmitAction)
{
    public static readonly BotCommand ScreenCommand = new("screen", "Rate a partner on the five screening questions", CommandScopes.Personal);

    public override string Describe => "a screening";

    public override string Help => "The screening card asks five questions from 1 to 5, where 5 always favours the partner: their expertise and their strengths against weaknesses compared with other candidates, how much they could add to your community goals, how easy a good relationship would be, and how much you would lose by not pursuing them. Notes are optional (at most 500 characters).";

    public override string AfterCancel => "Nothing from the card was saved; ratings you submitted earlier stay. Type 'screen' and the partner's name to start again.";

    /// <summary>One read (the pipeline with the rater's own screenings) and one write (the open card's dialog).</summary>
    public override async Task<IReadOnlyList<BotReply>> StartAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var view = await Services.Screenings.ReadForRaterAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var found = PartnerLookup.Find(view.Partners, request, ScreeningFlow.ScreenCommand);
        if (found.Partner is null)
        {
            return found.Replies;
        }

        var partner = found.Partner.Value;
        var dialog = new PartnerCardDialog { Card = Kind, PartnerId = partner.Id, StartedAt = Services.Time.GetUtcNow() };
        await Services.Dialogs.SaveAsync(caller.Workspace, caller.User.UserId, dialog, null, cancellationToken);
        var mine = view.Screenings.FirstOrDefault(s => s.Value.PartnerId == partner.Id);
        return [BotReply.Show(ScreeningCards.Form(partner, mine?.Value, mine?.ETag))];
    }

    /// <summary>The form with the rater's current answers, for resuming and after a conflict.</summary>
    public override Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken) =>
        FormAsync(caller, partner.Value, cancellationToken);

    private async Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Partner partner, CancellationToken cancellationToken)
    {
        var history = await Services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var mine = history.Screenings.FirstOrDefault(s => s.RaterUserId == caller.User.UserId);
        return ScreeningCards.Form(partner, mine, mine is null ? null : history.ScreeningETags.GetValueOrDefault(caller.User.UserId));
    }

    /// <summary>
    /// One read and one transaction: the rater's row, the partner's new average and the closing of the card's dialog
    /// go together. Retried when another rater's submit changed the partner in between.
    /// </summary>
    public override async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var partnerId = reader.Raw("partner") ?? "";
        if (partnerId.Length is 0 or > PartnerLookup.MaxIdLength)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        var ratings = new Dictionary<ScreeningQuestion, Rating>();
        foreach (var (question, _, _, _) in ScreeningCards.Questions)
        {
            var score = reader.Int("q-" + question, $"Question {ratings.Count + 1}", 1, 5, required: true);
            var note = reader.Text("note-" + question, $"The note on question {ratings.Count + 1}", ScreeningCards.MaxNote);
            ratings[question] = new Rating(score ?? 0, note.Length == 0 ? null : note);
        }

        if (!reader.IsValid)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        var etag = reader.Raw("etag") is { Length: > 0 } e ? e : null;
        for (var attempt = 0; ; attempt++)
        {
            var view = await Services.Screenings.ReadForPartnerAsync(caller.Workspace, partnerId, caller.User.UserId, cancellationToken);
            var stored = view.Partners.FirstOrDefault(p => p.Value.Id == partnerId);
            if (stored is null)
            {
                return Replies.Refuse(PartnerLookup.Gone);
            }

            var screening = new PartnerScreening
            {
                PartnerId = partnerId,
                RaterUserId = caller.User.UserId,
                RaterName = caller.User.Name,
                Ratings = ratings,
                SubmittedAt = Services.Time.GetUtcNow(),
            };
            var summary = ScreeningScoring.Summarise([.. view.Screenings.Select(s => s.Value).Where(s => s.RaterUserId != caller.User.UserId), screening]);
            var partner = stored.Value with
            {
                ScreeningScore = summary.Score,
                ScreeningRaters = summary.Raters,
                Stage = stored.Value.Stage == PartnerStage.Identified ? PartnerStage.Screened : stored.Value.Stage,
                UpdatedAt = Services.Time.GetUtcNow(),
            };
            // Only the dialog of this very card is closed; one opened since for something else stays open.
            var closing = view.Dialog is { Value: PartnerCardDialog open } && open.Card == Kind && open.PartnerId == partnerId ? view.Dialog : null;
            var result = await Services.Screenings.SaveAsync(caller.Workspace, screening, etag, stored with { Value = partner }, closing, cancellationToken);
            switch (result)
            {
                case ScreeningSaveResult.Saved:
                    var ranking = Ranking.Rank(view.Partners.Select(p => p.Value.Id == partnerId ? partner : p.Value));
                    return [BotReply.Show(ScreeningCards.Result(partner, summary, ScreeningScoring.RaterScore(screening), ranking))];
                case ScreeningSaveResult.RatingsChanged:
                    return [BotReply.Refuse("Your ratings of this partner changed after this card was opened (perhaps from another window), so I kept the newer ones. Here they are; change them and submit again if you need to."), BotReply.Show(await FormAsync(caller, stored.Value, cancellationToken))];
                case ScreeningSaveResult.PartnerChanged when attempt >= MaxAttempts:
                    return Replies.Refuse("Several people are saving this partner right now, so I could not save your ratings. Please submit the card again in a moment.");
            }
        }
    }

    /// <summary>Tries when the partner keeps changing under us (several raters at the same moment).</summary>
    private const int MaxAttempts = 4;
}
