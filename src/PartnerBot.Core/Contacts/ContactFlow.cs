using PartnerBot.Core.Cards.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Contacts;

/// <summary>
/// Names a partner's contact person (or team) and their next step. The lead gets the prompt in their own chat:
/// directly when they named themselves, else through <see cref="IProactiveMessenger"/>. The step is stored
/// in their open next steps too, so 'my steps' shows it even when delivery fails.
/// </summary>
public sealed class ContactFlow(FlowServices services) : PartnerCardFlow(services, ContactFlow.ContactCommand, "contact", ContactCards.SaveAction, ContactCards.DoneAction, ContactCards.RescheduleAction, ContactCards.HandOverAction, ContactCards.EditAction)
{
    public static readonly BotCommand MyStepsCommand = new("my steps", "Your open next steps, with Done, Reschedule and Hand over", CommandScopes.Personal);
    public static readonly BotCommand ContactCommand = new("contact", "Name the contact person for a partner and their next step", CommandScopes.Personal);

    private readonly NextStepActions steps = new(services.NextSteps, services.Partners, services.Members, services.Messenger, services.Time);

    public const int MaxOpenStepsShown = 10;

    public override string Describe => "naming a contact person";

    public override string Help => "Pick the lead contact (they get the next step in their own chat) and optionally a small team, then say what to do next and by when.";

    public override string AfterCancel => "Nothing from the card was saved; the partner keeps its contact and steps. Type 'contact' and the partner's name to start again.";

    public override void Register(BotRoutes routes)
    {
        base.Register(routes);
        routes.Command(MyStepsCommand, MyStepsAsync);
    }

    public override async Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken)
    {
        var (people, roster) = await OfferedAsync(caller, cancellationToken);
        return ContactCards.Form(partner, people, Services.TodayFor(caller), roster.Problem);
    }

    /// <summary>Who the picker offers: the workspace's members and the colleagues on the rosters of its teams and group chats.</summary>
    private async Task<(IReadOnlyList<Member> People, ColleagueList Roster)> OfferedAsync(Caller caller, CancellationToken cancellationToken)
    {
        var members = await Services.Members.ListAsync(caller.Workspace, cancellationToken);
        var roster = await Services.Roster.ListAsync(caller.Workspace, cancellationToken);
        return (ColleagueRules.Offered(members, roster, caller.Workspace, Services.Time.GetUtcNow()), roster);
    }

    public async Task<IReadOnlyList<BotReply>> MyStepsAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var open = await Services.NextSteps.ListOpenForAssigneeAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        if (open.Count == 0)
        {
            return Replies.Say("You have no open next steps.");
        }

        var members = await Services.Members.ListAsync(caller.Workspace, cancellationToken);
        var replies = new List<BotReply> { BotReply.Say($"You have {open.Count} open next step{(open.Count == 1 ? "" : "s")}.") };
        foreach (var stored in open.OrderBy(s => s.Value.DueDate).Take(MaxOpenStepsShown))
        {
            var partner = await Services.Partners.GetAsync(caller.Workspace, stored.Value.PartnerId, cancellationToken);
            if (partner is not null)
            {
                replies.Add(BotReply.Show(ContactCards.Prompt(stored, partner.Value, members, Services.TodayFor(caller))));
            }
        }

        return replies;
    }

    public override Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Action == ContactCards.SaveAction ? SaveAsync(request, cancellationToken) : UpdateStepAsync(request, cancellationToken);

    private async Task<IReadOnlyList<BotReply>> SaveAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var stored = await PartnerLookup.GetAsync(Services, caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (stored is null)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        var members = await Services.Members.ListAsync(caller.Workspace, cancellationToken);
        // A colleague on a team's roster may be named before they ever wrote to the bot; anyone else the card names is refused.
        var named = (reader.Raw("team") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Append(reader.Raw("lead") ?? "");
        var everyone = named.All(id => members.Any(m => m.UserId == id))
            ? members
            : (await OfferedAsync(caller, cancellationToken)).People;
        var memberIds = everyone.Select(m => m.UserId).ToHashSet(StringComparer.Ordinal);
        var lead = reader.Text("lead", "The lead contact", 200, required: true);
        if (lead.Length > 0 && !memberIds.Contains(lead))
        {
            reader.Problem("The lead contact is not a member of this workspace or of a team PartnerBot is in.");
        }

        var team = reader.List("team", "The team", memberIds, maxItems: 10);
        var description = reader.Text("step", "The next step", ContactCards.MaxText, required: true);
        var due = reader.Date("due", "The due date", required: true);
        if (due is { } d && d < Services.TodayFor(caller))
        {
            reader.Problem("The due date is in the past.");
        }

        var why = reader.Text("why", "Why it matters", ContactCards.MaxText);
        if (!reader.IsValid || due is null)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        if (stored.ETag != (reader.Raw("etag") ?? ""))
        {
            return Replies.Refuse($"{stored.Value.Name} changed after this card was opened (perhaps someone else named a contact), so I saved nothing. Type 'partner {stored.Value.Name}' to see the current contact, then try again.");
        }

        var leadName = everyone.First(m => m.UserId == lead).Name;
        var newcomer = members.All(m => m.UserId != lead);
        var reach = newcomer ? await Services.Roster.OpenChatAsync(caller.Workspace, lead, cancellationToken) : ReachStatus.Ready;
        if (reach is ReachStatus.Refused or ReachStatus.Unknown)
        {
            return Replies.Say(reach == ReachStatus.Refused ? ColleagueRules.NotReachable(leadName) : ColleagueRules.NotOnRoster(leadName));
        }

        var now = Services.Time.GetUtcNow();
        var contact = new ContactAssignment { UserIds = [lead, .. team.Where(t => t != lead)], AssignedAt = now, AssignedByUserId = caller.User.UserId };
        var step = new NextStep
        {
            Id = FlowServices.NewId(),
            PartnerId = stored.Value.Id,
            AssigneeUserId = lead,
            Description = description,
            DueDate = due.Value,
            CreatedAt = now,
            Why = why,
            CreatedByUserId = caller.User.UserId,
        };
        Stored<Partner> saved;
        Stored<NextStep> savedStep;
        try
        {
            // The contact and its first step are one write: a step never exists for a contact that was not saved.
            (saved, savedStep) = await Services.NextSteps.AssignAsync(caller.Workspace, stored.Value with { Contact = contact, UpdatedAt = now }, stored.ETag, step, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse($"Someone changed {stored.Value.Name} at the same moment, so I saved nothing. Open the partner again and retry.");
        }

        await Services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var prompt = BotReply.Show(ContactCards.Prompt(savedStep, saved.Value, members, Services.TodayFor(caller)));
        if (lead == caller.User.UserId)
        {
            return [BotReply.Say($"You are now the contact for {saved.Value.Name}. Here is your next step; 'my steps' shows it again later."), prompt];
        }

        var notice = BotReply.Say($"{caller.User.Name} named you the contact for {saved.Value.Name}. Your first next step is below; it is in 'my steps' too.");
        await Services.Messenger.SendAsync(caller.Workspace, lead, [notice, prompt], $"prompt|{step.Id}", cancellationToken);
        return Replies.Say(reach == ReachStatus.Pending
            ? $"{leadName} is now the contact for {saved.Value.Name}. Teams would not open a chat with them just now; I keep trying to send them the next step, and it is in their 'my steps' once they use PartnerBot."
            : $"{leadName} is now the contact for {saved.Value.Name}. I sent them the next step in their own chat; it is also in their 'my steps'.");
    }

    private Task<IReadOnlyList<BotReply>> UpdateStepAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var change = new StepChange
        {
            Kind = request.Action switch
            {
                ContactCards.DoneAction => StepChangeKind.Done,
                ContactCards.RescheduleAction => StepChangeKind.Reschedule,
                ContactCards.EditAction => StepChangeKind.Edit,
                _ => StepChangeKind.HandOver,
            },
            StepId = reader.Raw("step"),
            Version = reader.Raw("etag"),
            Due = reader.Raw("due"),
            Assignee = reader.Raw("assignee"),
            Text = reader.Raw("text"),
        };
        return steps.ApplyAsync(request.Caller, change, cancellationToken);
    }
}
