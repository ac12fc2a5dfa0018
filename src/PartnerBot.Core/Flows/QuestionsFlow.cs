using System.Globalization;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Flows;

/// <summary>
/// The everyday questions people type: what is on my plate, what is overdue, who is the contact, how is a partner
/// doing, which partners cover a need, which needs have none, what changed. Each answers from the Core rules that
/// the cards and the digest use (<see cref="NeedCoverage"/>, <see cref="Ranking"/>, <see cref="HealthTrend"/>,
/// <see cref="PartnerStages"/>, <see cref="DigestBuilder"/>), never a rule of its own, and offers the next action.
/// </summary>
public sealed class QuestionsFlow(FlowServices services) : IFlow
{
    public static readonly BotCommand ThisWeekCommand = new("this week", "What is on your plate: your next steps due in the next 7 days, and any overdue", CommandScopes.Personal);
    public static readonly BotCommand OverdueCommand = new("overdue", "Every open next step past its due date, with who has it", CommandScopes.All);
    public static readonly BotCommand ContactForCommand = new("contact for", "Who is the contact for a partner, e.g. 'contact for City Museum'", CommandScopes.All);
    public static readonly BotCommand HowIsCommand = new("how is", "How a partner is doing: stage, last contact, health, next step, e.g. 'how is City Museum'", CommandScopes.All);
    public static readonly BotCommand CoversCommand = new("covers", "Which partners cover a need, e.g. 'covers makerspace'", CommandScopes.All);
    public static readonly BotCommand GapsCommand = new("gaps", "The needs no partner covers yet", CommandScopes.All);
    public static readonly BotCommand ChangesCommand = new("changes", "What changed in the last 7 days: new partners, stage moves, contacts logged", CommandScopes.All);

    /// <summary>How far ahead 'this week' looks, and how far back 'changes' looks, unless the question names a period.</summary>
    public const int DefaultDays = 7;

    /// <summary>The most lines an answer lists; the cards behind its buttons have the rest.</summary>
    public const int MaxLines = 10;

    public void Register(BotRoutes routes) => routes
        .Command(ThisWeekCommand, ThisWeekAsync)
        .Command(OverdueCommand, OverdueAsync)
        .Command(ContactForCommand, ContactForAsync)
        .Command(HowIsCommand, HowIsAsync)
        .Command(CoversCommand, CoversAsync)
        .Command(GapsCommand, GapsAsync)
        .Command(ChangesCommand, ChangesAsync)
        .NextActions(new WorkspaceNextActions(services));

    public async Task<IReadOnlyList<BotReply>> ThisWeekAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var days = Days(request, DefaultDays);
        var until = services.TodayFor(caller).AddDays(days);
        var open = await services.NextSteps.ListOpenForAssigneeAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var due = open.Select(s => s.Value).Where(s => s.DueDate <= until).OrderBy(s => s.DueDate).ToList();
        if (due.Count == 0)
        {
            var later = open.Select(s => s.Value).OrderBy(s => s.DueDate).FirstOrDefault();
            return Replies.Say(later is null
                ? "Nothing is on your plate: you have no open next steps. Type 'partners' to see the pipeline, or 'overdue' for the whole team's late steps."
                : $"Nothing is due in the next {days} days. Your next step after that is due {Dates.Day(later.DueDate)}; type 'my steps' to see it.");
        }

        var names = await PartnerNamesAsync(caller.Workspace, cancellationToken);
        var lines = due.Take(MaxLines).Select(s => new Fact(
            names.GetValueOrDefault(s.PartnerId, "A removed partner"),
            $"{s.Description} — due {Dates.Day(s.DueDate)}{(s.DueDate < services.TodayFor(caller) ? " (overdue)" : "")}")).ToList();
        var overdue = due.Count(s => s.DueDate < services.TodayFor(caller));
        var title = $"On your plate in the next {days} days: {due.Count} next step{Plural(due.Count)}" + (overdue > 0 ? $", {overdue} overdue" : "");
        return [BotReply.Show(Answer(title, lines, Buttons.Command("My steps, with Done and Reschedule", ContactFlow.MyStepsCommand)))];
    }

    public async Task<IReadOnlyList<BotReply>> OverdueAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var pipeline = await services.Pipelines.ReadAsync(caller.Workspace, cancellationToken);
        var overdue = pipeline.Partners
            .SelectMany(p => (pipeline.Histories.GetValueOrDefault(p.Id)?.NextSteps ?? []).Where(s => IsOverdue(s, services.TodayFor(caller))).Select(s => (Partner: p, Step: s)))
            .OrderBy(x => x.Step.DueDate)
            .ToList();
        if (overdue.Count == 0)
        {
            return Replies.Say("Nothing is overdue: every open next step is still within its due date.");
        }

        var members = (await services.Members.ListAsync(caller.Workspace, cancellationToken)).ToDictionary(m => m.UserId, m => m.Name, StringComparer.Ordinal);
        var lines = overdue.Take(MaxLines).Select(x => new Fact(
            x.Partner.Name,
            $"{x.Step.Description} — {members.GetValueOrDefault(x.Step.AssigneeUserId, "someone who left the workspace")}, due {Dates.Day(x.Step.DueDate)} ({services.TodayFor(caller).DayNumber - x.Step.DueDate.DayNumber} days late)")).ToList();
        var mine = overdue.Count(x => x.Step.AssigneeUserId == caller.User.UserId);
        var title = $"Overdue: {overdue.Count} next step{Plural(overdue.Count)}" + (mine > 0 ? $", {mine} of them yours" : "");
        return [BotReply.Show(Answer(title, lines, Buttons.Command("My steps", ContactFlow.MyStepsCommand)))];
    }

    public async Task<IReadOnlyList<BotReply>> ContactForAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var found = await PartnerLookup.FindAsync(services, request, ContactForCommand, cancellationToken);
        if (found.Partner is not { } stored)
        {
            return found.Replies;
        }

        var partner = stored.Value;
        if (partner.Contact is not { UserIds.Count: > 0 } contact)
        {
            return [BotReply.Show(Answer($"Nobody is the contact for {partner.Name} yet.", [], Buttons.Command("Name a contact", ContactFlow.ContactCommand, partner.Id)))];
        }

        var members = (await services.Members.ListAsync(request.Caller.Workspace, cancellationToken)).ToDictionary(m => m.UserId, m => m.Name, StringComparer.Ordinal);
        string Name(string id) => members.GetValueOrDefault(id, "someone who left the workspace");
        var lines = new List<Fact> { new("Lead", Name(contact.UserIds[0])) };
        if (contact.UserIds.Count > 1)
        {
            lines.Add(new Fact("Team", string.Join(", ", contact.UserIds.Skip(1).Select(Name))));
        }

        lines.Add(new Fact("Named by", $"{Name(contact.AssignedByUserId)} on {Dates.Day(DateOnly.FromDateTime(contact.AssignedAt.UtcDateTime))}"));
        return [BotReply.Show(Answer($"The contact for {partner.Name} is {Name(contact.UserIds[0])}.", lines, Buttons.Command("Change the contact", ContactFlow.ContactCommand, partner.Id)))];
    }

    public async Task<IReadOnlyList<BotReply>> HowIsAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var found = await PartnerLookup.FindAsync(services, request, HowIsCommand, cancellationToken);
        if (found.Partner is not { } stored)
        {
            return found.Replies;
        }

        var partner = stored.Value;
        var history = await services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var all = await services.Partners.ListAsync(caller.Workspace, cancellationToken);
        var lines = new List<Fact> { new("Stage", partner.Stage.Label() + (partner.StageReason is { Length: > 0 } why ? $" ({why})" : "")) };
        if (Ranking.Rank(all).FirstOrDefault(r => r.Partner.Id == partner.Id) is { Score: { } score } ranked)
        {
            lines.Add(new Fact("Priority", $"#{ranked.Rank} of the candidates, scored {score.ToString("0.0", CultureInfo.InvariantCulture)} of 5"));
        }

        var last = history.Interactions.MaxBy(i => i.OccurredAt);
        lines.Add(new Fact("Last contact", last is null
            ? "none logged"
            : $"{Dates.Day(DateOnly.FromDateTime(last.OccurredAt.UtcDateTime))} ({(services.Time.GetUtcNow() - last.OccurredAt).Days} days ago): {last.Summary}"));
        if (history.HealthChecks.Count > 0)
        {
            var health = HealthTrend.Assess(partner.Id, history, HealthRules.Default);
            lines.Add(new Fact("Health", health.NeedsReview ? health.Explanation ?? "needs a review" : $"{history.HealthChecks.Count} check{Plural(history.HealthChecks.Count)}, no warning"));
        }

        var next = history.NextSteps.Where(s => s.Status == NextStepStatus.Open).MinBy(s => s.DueDate);
        lines.Add(new Fact("Next step", next is null ? "none open" : $"{next.Description}, due {Dates.Day(next.DueDate)}{(IsOverdue(next, services.TodayFor(caller)) ? " (overdue)" : "")}"));
        return [BotReply.Show(Answer($"How {partner.Name} is doing", lines,
            Buttons.Command("Open the partner", PartnerFlow.ShowCommand, partner.Id),
            Buttons.Command("Log contact", LogContactFlow.LogCommand, partner.Id)))];
    }

    public async Task<IReadOnlyList<BotReply>> CoversAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var topic = request.Arguments.Length > 0 ? request.Arguments : request.Entities.GetValueOrDefault("topic") ?? "";
        var assessments = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
        var needs = assessments.SelectMany(a => a.Needs).ToList();
        if (needs.Count == 0)
        {
            return [BotReply.Show(Answer("You have not written down any needs yet, so no partner covers one.", [], Buttons.Command("Needs assessment", NeedsFlow.NeedsCommand)))];
        }

        var matching = MatchingNeeds(needs, topic);
        if (matching.Count == 0)
        {
            var intro = topic.Length == 0 ? "Which need? For example 'covers " + needs[0].Description + "'." : $"No need mentions \"{topic}\".";
            return [BotReply.Show(Answer(intro + " Your needs are:", needs.Take(MaxLines).Select(n => new Fact(n.Kind.ToString(), n.Description)).ToList(),
                Buttons.Command("Needs summary", NeedsFlow.SummaryCommand)))];
        }

        var partners = await services.Partners.ListAsync(caller.Workspace, cancellationToken);
        var lines = matching.Take(MaxLines).Select(need =>
        {
            var covering = partners.Where(p => NeedCoverage.Covers(p) && p.NeedIds.Contains(need.Id)).Select(p => $"{p.Name} ({p.Stage.InSentence()})").ToList();
            return new Fact(need.Description, covering.Count == 0 ? "no partner yet" : string.Join(", ", covering));
        }).ToList();
        return [BotReply.Show(Answer("Partners that cover " + (matching.Count == 1 ? $"\"{matching[0].Description}\"" : "these needs"), lines,
            Buttons.Command("Needs with no partner", GapsCommand), Buttons.Command("Add partner", PartnerFlow.AddCommand)))];
    }

    public async Task<IReadOnlyList<BotReply>> GapsAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var assessments = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
        if (!assessments.Any(a => a.Needs.Count > 0))
        {
            return [BotReply.Show(Answer("You have not written down any needs yet.", [], Buttons.Command("Needs assessment", NeedsFlow.NeedsCommand)))];
        }

        var uncovered = NeedCoverage.Uncovered(assessments, await services.Partners.ListAsync(caller.Workspace, cancellationToken));
        if (uncovered.Count == 0)
        {
            return Replies.Say("Every need has at least one partner that covers it. Type 'portfolio' to see how balanced they are.");
        }

        var lines = uncovered.Take(MaxLines).Select(x => new Fact(x.Need.Description, $"{x.Need.Priority.ToString().ToLowerInvariant()} priority, for \"{x.Assessment.Goal}\"")).ToList();
        return [BotReply.Show(Answer($"{uncovered.Count} need{Plural(uncovered.Count)} with no partner yet", lines,
            Buttons.Command("Add partner", PartnerFlow.AddCommand), Buttons.Command("Portfolio", PortfolioFlow.PortfolioCommand)))];
    }

    public async Task<IReadOnlyList<BotReply>> ChangesAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var days = Days(request, DefaultDays);
        var now = services.Time.GetUtcNow();
        var since = now.AddDays(-days);
        var pipeline = await services.Pipelines.ReadAsync(caller.Workspace, cancellationToken);
        // The digest's own rules say what moved and what is new, so this answer and the weekly digest never disagree.
        var digest = DigestBuilder.Build(new DigestInput
        {
            Workspace = new Workspace { Key = caller.Workspace, Name = "", CreatedAt = now, CreatedByUserId = caller.User.UserId },
            Partners = pipeline.Partners,
            Histories = pipeline.Histories,
            WeekStart = since,
            Today = services.TodayFor(caller),
            Week = "",
        });
        var names = pipeline.Partners.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var contacts = pipeline.Histories.SelectMany(h => h.Value.Interactions.Where(i => i.OccurredAt >= since).Select(i => names.GetValueOrDefault(h.Key))).OfType<string>().ToList();
        var done = pipeline.Histories.SelectMany(h => h.Value.NextSteps.Where(s => s.CompletedAt >= since).Select(s => names.GetValueOrDefault(h.Key))).OfType<string>().ToList();
        var lines = new List<Fact>();
        if (digest.NewCandidates.Count > 0)
        {
            lines.Add(new Fact("New partners", string.Join(", ", digest.NewCandidates.Take(MaxLines))));
        }

        if (digest.MovedThisWeek.Count > 0)
        {
            lines.Add(new Fact("Changed", string.Join(", ", digest.MovedThisWeek.Take(MaxLines))));
        }

        if (contacts.Count > 0)
        {
            lines.Add(new Fact("Contacts logged", $"{contacts.Count}: {string.Join(", ", contacts.Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCulture).Take(MaxLines))}"));
        }

        if (done.Count > 0)
        {
            lines.Add(new Fact("Steps done", $"{done.Count}: {string.Join(", ", done.Distinct(StringComparer.Ordinal).Order(StringComparer.CurrentCulture).Take(MaxLines))}"));
        }

        return lines.Count == 0
            ? Replies.Say($"Nothing changed in the last {days} days: no new partners, no stage moves, no contacts logged.")
            : [BotReply.Show(Answer($"What changed in the last {days} days", lines, Buttons.Command("Partners", PartnerFlow.ListCommand)))];
    }

    /// <summary>The needs whose description shares a word with the topic, typos and shortened words allowed; best first.</summary>
    private static List<Need> MatchingNeeds(IReadOnlyList<Need> needs, string topic)
    {
        var words = TextNormalizer.Tokens(topic).Where(t => !RoutingTable.Filler.Contains(t) && t is not ("need" or "needs" or "partner" or "partners")).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        return needs
            .Select(n => (Need: n, Hits: TextNormalizer.Tokens(n.Description).Count(d => words.Any(w => FuzzyText.WordScore(w, d) > 0 || (w.Length >= 4 && d.StartsWith(w, StringComparison.Ordinal))))))
            .Where(x => x.Hits > 0)
            .OrderByDescending(x => x.Hits).ThenByDescending(x => x.Need.Priority)
            .Select(x => x.Need)
            .ToList();
    }

    private static bool IsOverdue(NextStep step, DateOnly today) => step.Status == NextStepStatus.Open && step.DueDate < today;

    private static int Days(CommandRequest request, int fallback)
    {
        var text = request.Entities.GetValueOrDefault("days") ?? (request.Arguments.Length > 0 ? request.Arguments : null);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is > 0 and <= 366 ? days : fallback;
    }

    private async Task<Dictionary<string, string>> PartnerNamesAsync(WorkspaceKey workspace, CancellationToken cancellationToken) =>
        (await services.Partners.ListAsync(workspace, cancellationToken)).ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);

    private static string Plural(int count) => count == 1 ? "" : "s";

    private static AdaptiveCard Answer(string title, IReadOnlyList<Fact> lines, params CardAction[] actions)
    {
        var card = new AdaptiveCard
        {
            FallbackText = title,
            Body = { new TextBlock(title) { Weight = TextWeight.Bolder } },
            Actions = [.. actions],
        };
        if (lines.Count > 0)
        {
            card.Body.Add(new FactList { Facts = [.. lines] });
        }

        return card;
    }
}
