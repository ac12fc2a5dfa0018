using PartnerBot.Core.Assessment;
using PartnerBot.Core.Cards.Needs;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Needs;

/// <summary>The needs assessment: three cards (goal and users, needs, offers and criteria), then a summary.</summary>
public sealed class NeedsFlow(FlowServices services) : IFlow, ICardActionHandler, IDialogFlow
{
    public static readonly BotCommand SummaryCommand = new("needs summary", "Show your latest needs assessment and which needs have no candidate", CommandScopes.All);
    public static readonly BotCommand NeedsCommand = new("needs", "Start a needs assessment: goal, users, needs, offers and criteria", CommandScopes.Personal);

    public IReadOnlyCollection<string> Actions { get; } = [NeedsCards.SubmitAction, NeedsCards.EditAction];

    public void Register(BotRoutes routes) =>
        routes.Command(NeedsFlow.NeedsCommand, StartAsync).Command(NeedsFlow.SummaryCommand, SummaryAsync).Actions(this).Dialog(this);

    public async Task<IReadOnlyList<BotReply>> StartAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var draft = new NeedsAssessment
        {
            Id = FlowServices.NewId(),
            Goal = request.Arguments.Length <= NeedsCards.MaxGoal ? request.Arguments : "",
            Criteria = AssessmentScoring.DefaultCriteria,
            CreatedByUserId = request.Caller.User.UserId,
            UpdatedAt = services.Time.GetUtcNow(),
        };
        var dialog = new NeedsDialog { Draft = draft, StartedAt = services.Time.GetUtcNow() };
        await services.Dialogs.SaveAsync(request.Caller.Workspace, request.Caller.User.UserId, dialog, null, cancellationToken)
            .ConfigureAwait(false);
        return [BotReply.Show(NeedsCards.GoalCard(draft))];
    }

    public async Task<IReadOnlyList<BotReply>> SummaryAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var all = await services.Needs.ListAsync(request.Caller.Workspace, cancellationToken);
        var latest = all.OrderByDescending(a => a.UpdatedAt).FirstOrDefault();
        return latest is null
            ? Replies.Say("There is no needs assessment yet. Type 'needs' to start one.")
            : [await SummaryReplyAsync(request.Caller, latest, cancellationToken)];
    }

    public Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Action == NeedsCards.EditAction ? EditAsync(request, cancellationToken) : SubmitAsync(request, cancellationToken);

    public bool Owns(DialogState state) => state is NeedsDialog;

    public string Describe(DialogState state) => $"the needs assessment (card {((NeedsDialog)state).Step} of 3)";

    // The cards' answers live in the open dialog until card 3 is finished, so cancelling drops the earlier cards too.
    public string AfterCancel(DialogState state) => ((NeedsDialog)state).Step > 1
        ? "The answers on its earlier cards were not saved either: a needs assessment is saved when its last card is finished. Type 'needs' to start again."
        : "Nothing was saved. Type 'needs' to start again.";

    public string Help(DialogState state) => ((NeedsDialog)state).Step switch
    {
        1 => "Card 1 asks for the program or goal, how it links to your strategic plan and the city's community strategy, who it serves, and whether you asked those users what they need. Goal and users are required.",
        2 => "Card 2 asks what the program needs from partners: money (short and long term), technology, people and expertise, and space. Fill in only the kinds you need and give each a priority.",
        _ => "Card 3 asks what the library can offer in return (rooms, computers, reach, trust, brand) and how much each criterion counts when you judge partners, from 0 (not used) to 5.",
    };

    public Task<IReadOnlyList<BotReply>> ResumeAsync(Caller caller, DialogState state, CancellationToken cancellationToken)
    {
        var dialog = (NeedsDialog)state;
        return Task.FromResult<IReadOnlyList<BotReply>>([BotReply.Show(NeedsCards.Step(dialog.Step, dialog.Draft))]);
    }

    private async Task<IReadOnlyList<BotReply>> SubmitAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var assessmentId = reader.Raw("assessment") ?? "";
        var step = reader.Int("step", "Step", 1, 3) ?? 0;
        var open = await services.Dialogs.GetAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        if (open?.Value is not NeedsDialog dialog || dialog.Draft.Id != assessmentId || dialog.Step != step)
        {
            // An older card: never let it overwrite later answers.
            if (open?.Value is NeedsDialog current)
            {
                return [BotReply.Refuse("That card is from an earlier point of the needs assessment, so I did not use it. Here is where you are now."), BotReply.Show(NeedsCards.Step(current.Step, current.Draft))];
            }

            return Replies.Refuse("That needs-assessment card is no longer open (it was finished or cancelled). Type 'needs summary' to see the saved one, or 'needs' to start again.");
        }

        var draft = step switch
        {
            1 => ReadGoal(reader, dialog.Draft),
            2 => ReadNeeds(reader, dialog.Draft),
            _ => ReadOffers(reader, dialog.Draft),
        };
        if (!reader.IsValid)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        draft = draft with { UpdatedAt = services.Time.GetUtcNow() };
        if (step < 3 && !dialog.EditingSaved)
        {
            var next = dialog with { Step = step + 1, Draft = draft };
            try
            {
                await services.Dialogs.SaveAsync(caller.Workspace, caller.User.UserId, next, open.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                return Replies.Refuse("You answered this card twice at once; I kept the first answer. Type 'resume' to continue.");
            }

            return [BotReply.Show(NeedsCards.Step(next.Step, draft))];
        }

        Stored<NeedsAssessment> saved;
        try
        {
            saved = await services.Needs.SaveAsync(caller.Workspace, draft, dialog.SavedETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
            var current = await services.Needs.GetAsync(caller.Workspace, assessmentId, cancellationToken);
            var replies = new List<BotReply> { BotReply.Refuse("Someone changed this needs assessment after you opened the card, so I did not overwrite it. Here is the current version; use Edit to change it.") };
            if (current is not null)
            {
                replies.Add(await SummaryReplyAsync(caller, current.Value, cancellationToken));
            }

            return replies;
        }

        await services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        return [BotReply.Say(dialog.EditingSaved ? "Saved your changes." : "Your needs assessment is saved."), await SummaryReplyAsync(caller, saved.Value, cancellationToken)];
    }

    private async Task<IReadOnlyList<BotReply>> EditAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var id = reader.Raw("assessment") ?? "";
        var step = reader.Int("step", "Step", 1, 3) ?? 1;
        var stored = id.Length is 0 or > 64 ? null : await services.Needs.GetAsync(request.Caller.Workspace, id, cancellationToken);
        if (stored is null)
        {
            return Replies.Refuse("That needs assessment is not in your workspace (it may have been removed). Nothing was changed.");
        }

        var dialog = new NeedsDialog { Draft = stored.Value, Step = step, EditingSaved = true, SavedETag = stored.ETag, StartedAt = services.Time.GetUtcNow() };
        await services.Dialogs.SaveAsync(request.Caller.Workspace, request.Caller.User.UserId, dialog, null, cancellationToken);
        return [BotReply.Show(NeedsCards.Step(step, stored.Value))];
    }

    private async Task<BotReply> SummaryReplyAsync(Caller caller, NeedsAssessment assessment, CancellationToken cancellationToken)
    {
        var partners = await services.Partners.ListAsync(caller.Workspace, cancellationToken);
        var covered = Portfolio.NeedCoverage.CoveredNeedIds(partners);
        return BotReply.Show(NeedsCards.Summary(assessment, covered));
    }

    private static NeedsAssessment ReadGoal(SubmitReader reader, NeedsAssessment draft) => draft with
    {
        Goal = reader.Text("goal", "The goal", NeedsCards.MaxGoal, required: true),
        StrategicPlanLink = reader.Text("strategicPlan", "The strategic-plan link", NeedsCards.MaxText),
        CommunityStrategyLink = reader.Text("communityStrategy", "The community-strategy link", NeedsCards.MaxText),
        TargetUsers = reader.Text("targetUsers", "Who it serves", NeedsCards.MaxText, required: true),
        UsersConsulted = reader.Bool("usersConsulted"),
    };

    private static NeedsAssessment ReadNeeds(SubmitReader reader, NeedsAssessment draft)
    {
        var needs = new List<Need>();
        foreach (var (slot, kind, term, label, _) in NeedsCards.Slots)
        {
            var description = reader.Text("need-" + slot, label, NeedsCards.MaxText);
            var priority = reader.Enum<NeedPriority>("priority-" + slot, label + " priority") ?? NeedPriority.Medium;
            if (description.Length > 0)
            {
                needs.Add(new Need { Id = NeedsCards.NeedId(draft.Id, slot), Kind = kind, Term = term, Description = description, Priority = priority });
            }
        }

        if (needs.Count == 0)
        {
            reader.Problem("Name at least one need.");
        }

        return draft with { Needs = needs };
    }

    private static NeedsAssessment ReadOffers(SubmitReader reader, NeedsAssessment draft)
    {
        var offers = reader.List("offers", "What you offer", NeedsCards.CommonOffers.SubmitValues)
            .Select(NeedsCards.CommonOffers.TextOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var other = reader.Text("offersOther", "Anything else you offer", NeedsCards.MaxText);
        if (other.Length > 0)
        {
            offers.Add(other);
        }

        var criteria = (draft.Criteria.Count > 0 ? draft.Criteria : AssessmentScoring.DefaultCriteria)
            .Select(c => c with { Weight = reader.Int("weight-" + c.Id, c.Name + " weight", 0, 5) ?? c.Weight })
            .ToList();
        var name = reader.Text("newCriterion", "Your own criterion", NeedsCards.MaxCriterionName);
        if (name.Length > 0)
        {
            criteria.Add(new Criterion { Id = "c-" + FlowServices.NewId()[..8], Name = name, Weight = reader.Int("newCriterionWeight", "Its weight", 0, 5) ?? 3 });
        }

        if (criteria.All(c => c.Weight == 0))
        {
            reader.Problem("Give at least one criterion a weight above 0.");
        }

        return draft with { Offers = offers, Criteria = criteria };
    }
}
