using PartnerBot.Core.Cards.Assessment;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Assessment;

/// <summary>Detailed assessment: per-criterion scores, four more questions, and a recommendation suggested from the score.</summary>
public sealed class AssessmentFlow(FlowServices services) : PartnerCardFlow(services, AssessmentFlow.AssessCommand, "assessment", AssessmentCards.SubmitAction)
{
    public static readonly BotCommand AssessCommand = new("assess", "Detailed assessment of a partner, with a recommendation", CommandScopes.Personal);

    public override string Describe => "a detailed assessment";

    public override string Help => "The assessment card asks how well the partner meets each of your criteria (weighted as in your needs assessment), whether benefits and costs are favourable and controllable, whether the needed competencies are there, whether you can afford the investment and timing, and how strongly key people support it. I suggest Pursue from 3.5, Hold from 2.5, else Drop; you can choose otherwise.";

    public override string AfterCancel => "Nothing from the card was saved; an assessment you submitted earlier stays. Type 'assess' and the partner's name to start again.";

    public override Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken) =>
        FormAsync(caller, partner.Value, cancellationToken);

    private async Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Partner partner, CancellationToken cancellationToken)
    {
        var history = await Services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var mine = history.Assessments.FirstOrDefault(a => a.AssessorUserId == caller.User.UserId);
        return AssessmentCards.Form(partner, await CriteriaAsync(caller, partner, cancellationToken), mine, mine is null ? null : history.AssessmentETags.GetValueOrDefault(caller.User.UserId));
    }

    /// <summary>The criteria of the needs assessment the partner's needs come from; else the latest; else the seeds' five.</summary>
    public async Task<IReadOnlyList<Criterion>> CriteriaAsync(Caller caller, Partner partner, CancellationToken cancellationToken)
    {
        var assessments = await Services.Needs.ListAsync(caller.Workspace, cancellationToken);
        var linked = assessments.Where(a => a.Needs.Any(n => partner.NeedIds.Contains(n.Id))).OrderByDescending(a => a.UpdatedAt).FirstOrDefault()
            ?? assessments.OrderByDescending(a => a.UpdatedAt).FirstOrDefault();
        return linked is { Criteria.Count: > 0 } ? linked.Criteria : AssessmentScoring.DefaultCriteria;
    }

    public override async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var stored = await PartnerLookup.GetAsync(Services, caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (stored is null)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        var criteria = await CriteriaAsync(caller, stored.Value, cancellationToken);
        var criteriaScores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var criterion in criteria.Where(c => c.Weight > 0))
        {
            if (reader.Int("crit-" + criterion.Id, criterion.Name, 1, 5, required: true) is { } criterionScore)
            {
                criteriaScores[criterion.Id] = criterionScore;
            }
        }

        var ratings = new Dictionary<AssessmentQuestion, Rating>();
        foreach (var (question, _, _, _) in AssessmentCards.Questions)
        {
            var rated = reader.Int("q-" + question, $"Question {ratings.Count + 2}", 1, 5, required: true);
            var note = reader.Text("note-" + question, $"The note on question {ratings.Count + 2}", AssessmentCards.MaxNote);
            ratings[question] = new Rating(rated ?? 0, note.Length == 0 ? null : note);
        }

        var investment = reader.Text("investment", "The investment", AssessmentCards.MaxText);
        var timing = reader.Text("timing", "The timing", AssessmentCards.MaxText);
        var constituents = reader.Text("constituents", "The key constituents", AssessmentCards.MaxText);
        // Unanswered is not "no": only a real "no" caps Pursue at Hold.
        var affordable = reader.YesNo("affordable");
        var chosen = reader.Enum<Recommendation>("recommendation", "The recommendation");
        if (!reader.IsValid)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        var weighted = AssessmentScoring.WeightedCriteria(criteria, criteriaScores);
        if (weighted is { } w)
        {
            ratings[AssessmentQuestion.MeetsCriteria] = new Rating((int)Math.Round(w, MidpointRounding.AwayFromZero), "Weighted from the criteria scores.");
        }

        var score = AssessmentScoring.Score(criteria, criteriaScores, ratings);
        var suggested = AssessmentScoring.Suggest(score, affordable);
        var assessment = new DetailedAssessment
        {
            PartnerId = stored.Value.Id,
            AssessorUserId = caller.User.UserId,
            AssessorName = caller.User.Name,
            Ratings = ratings,
            CriteriaScores = criteriaScores,
            Recommendation = chosen ?? suggested,
            SubmittedAt = Services.Time.GetUtcNow(),
            Investment = investment,
            Timing = timing,
            Affordable = affordable,
            KeyConstituents = constituents,
            Score = score,
        };
        try
        {
            await Services.History.SaveAssessmentAsync(caller.Workspace, assessment, reader.Raw("etag") is { Length: > 0 } e ? e : null, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return [BotReply.Refuse("Your assessment of this partner changed after this card was opened, so I kept the newer one. Here it is; change it and submit again if you need to."), BotReply.Show(await FormAsync(caller, stored.Value, cancellationToken))];
        }

        var partner = await UpdatePartnerAsync(caller, stored, assessment, cancellationToken);
        await Services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var all = await Services.Partners.ListAsync(caller.Workspace, cancellationToken);
        var ranking = Ranking.Rank(all.Select(p => p.Id == partner.Id ? partner : p));
        return [BotReply.Show(AssessmentCards.Result(partner, assessment, suggested, weighted, ranking))];
    }

    private async Task<Partner> UpdatePartnerAsync(Caller caller, Stored<Partner> stored, DetailedAssessment assessment, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var stage = stored.Value.Stage;
            if (stage is PartnerStage.Identified or PartnerStage.Screened or PartnerStage.Assessed or PartnerStage.Prioritised)
            {
                stage = assessment.Recommendation == Recommendation.Pursue ? PartnerStage.Prioritised : PartnerStage.Assessed;
            }

            var updated = stored.Value with { AssessmentScore = assessment.Score, Recommendation = assessment.Recommendation, Stage = stage, UpdatedAt = Services.Time.GetUtcNow() };
            try
            {
                return (await Services.Partners.SaveAsync(caller.Workspace, updated, stored.ETag, cancellationToken)).Value;
            }
            catch (ConcurrencyConflictException) when (attempt == 0)
            {
                stored = await Services.Partners.GetAsync(caller.Workspace, stored.Value.Id, cancellationToken) ?? stored;
            }
        }
    }
}
