using PartnerBot.Core.Cards.Screening;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workflows;

namespace PartnerBot.Core.Screening;

/// <summary>
/// Preliminary screening: one card with the five questions. Each rater has their own row, so two people
/// screening at once both count; the same person's card submitted twice is caught by the row's ETag.
/// </summary>
public sealed class ScreeningFlow(WorkflowServices services) : ICardActionHandler
{
    public IReadOnlyCollection<string> Actions { get; } = [ScreeningCards.SubmitAction];

    public ICommandHandler Command() => new CommandHandler(BotCommands.Screen, StartAsync);

    public Task<IReadOnlyList<BotReply>> StartAsync(CommandRequest request, CancellationToken cancellationToken) =>
        PartnerCardStart.OpenAsync(services, request, BotCommands.Screen, PartnerCardKind.Screening, FormAsync, cancellationToken);

    public async Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Partner partner, CancellationToken cancellationToken)
    {
        var history = await services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var mine = history.Screenings.FirstOrDefault(s => s.RaterUserId == caller.User.UserId);
        return ScreeningCards.Form(partner, mine, mine is null ? null : history.ScreeningETags.GetValueOrDefault(caller.User.UserId));
    }

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var stored = await PartnerLookup.GetAsync(services, caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (stored is null)
        {
            return Replies.Say(PartnerLookup.Gone);
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
            return Replies.Say(reader.ProblemText);
        }

        var screening = new PartnerScreening
        {
            PartnerId = stored.Value.Id,
            RaterUserId = caller.User.UserId,
            RaterName = caller.User.Name,
            Ratings = ratings,
            SubmittedAt = services.Time.GetUtcNow(),
        };
        var etag = reader.Raw("etag") is { Length: > 0 } e ? e : null;
        try
        {
            await services.History.SaveScreeningAsync(caller.Workspace, screening, etag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return [BotReply.Say("Your ratings of this partner changed after this card was opened (perhaps from another window), so I kept the newer ones. Here they are; change them and submit again if you need to."), BotReply.Show(await FormAsync(caller, stored.Value, cancellationToken))];
        }

        var history = await services.History.GetAsync(caller.Workspace, stored.Value.Id, cancellationToken);
        var summary = ScreeningScoring.Summarise(history.Screenings);
        var partner = await UpdatePartnerAsync(caller, stored, summary, cancellationToken);
        await services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var all = await services.Partners.ListAsync(caller.Workspace, cancellationToken);
        var ranking = Ranking.Rank(all.Select(p => p.Id == partner.Id ? partner : p));
        return [BotReply.Show(ScreeningCards.Result(partner, summary, ScreeningScoring.RaterScore(screening), ranking))];
    }

    /// <summary>Keeps the partner's average (used for ranking) in step; retried once when another rater saved at the same moment.</summary>
    private async Task<Partner> UpdatePartnerAsync(Caller caller, Stored<Partner> stored, ScreeningSummary summary, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var updated = stored.Value with
            {
                ScreeningScore = summary.Score,
                ScreeningRaters = summary.Raters,
                Stage = stored.Value.Stage == PartnerStage.Identified ? PartnerStage.Screened : stored.Value.Stage,
                UpdatedAt = services.Time.GetUtcNow(),
            };
            try
            {
                return (await services.Partners.SaveAsync(caller.Workspace, updated, stored.ETag, cancellationToken)).Value;
            }
            catch (ConcurrencyConflictException) when (attempt == 0)
            {
                stored = await services.Partners.GetAsync(caller.Workspace, stored.Value.Id, cancellationToken) ?? stored;
                summary = ScreeningScoring.Summarise((await services.History.GetAsync(caller.Workspace, stored.Value.Id, cancellationToken)).Screenings);
            }
        }
    }
}
