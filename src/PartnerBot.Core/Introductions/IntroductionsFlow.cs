using PartnerBot.Core.Cards.Introductions;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Introductions;

/// <summary>
/// 'introductions' (who to introduce to whom, and what came of past introductions) and 'introduce &lt;A&gt; and &lt;B&gt;';
/// recording one from a suggestion's button or that command, and later its outcome. Any member may record an
/// introduction; its outcome is set by whoever recorded it, the contact of either partner, a manager or an admin
/// (<see cref="IntroductionRules.MaySetOutcome"/>). Every submit is checked again on the server: the partners it names
/// must be this workspace's, two different ones, not archived; an outcome carries the row's version, so a stale card
/// changes nothing.
/// </summary>
public sealed class IntroductionsFlow(FlowServices services) : IFlow, ICardActionHandler
{
    public static readonly BotCommand IntroductionsCommand = new("introductions", "Which partners to introduce to each other, and what came of past introductions", CommandScopes.All);
    public static readonly BotCommand IntroduceCommand = new("introduce", "Record that you introduced two partners, e.g. 'introduce City Museum and Youth Dept'", CommandScopes.Personal);

    public const string Gone = "That introduction is no longer recorded (a partner it named may have been erased). Nothing was changed.";
    public const string NotYours = "Only the person who recorded this introduction, the contact of either partner, a manager or an admin can record what came of it. Nothing was changed.";
    public const string Stale = "Someone changed this introduction after the card was sent, so I changed nothing. Type 'introductions' to see it as it stands now.";
    public const string NotOurCard = "That card is not one I sent for recording an introduction. Nothing was recorded.";

    public IReadOnlyCollection<string> Actions { get; } =
        [IntroductionCards.FormAction, IntroductionCards.SaveAction, IntroductionCards.OutcomeOpenAction, IntroductionCards.OutcomeAction];

    public void Register(BotRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Command(IntroductionsCommand, ListAsync).Command(IntroduceCommand, IntroduceAsync).Actions(this);
    }

    /// <summary>The suggestions (never archived or ended partners, never a pair already introduced) and the recent introductions.</summary>
    public async Task<IReadOnlyList<BotReply>> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Caller;
        var partners = await services.Partners.ListAsync(caller.Workspace, cancellationToken);
        var needs = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
        var introductions = await services.Introductions.ListAsync(caller.Workspace, cancellationToken);
        var suggestions = IntroductionRules.Suggest(partners, needs, [.. introductions.Select(i => i.Value)]);
        var byId = partners.ToDictionary(p => p.Id, StringComparer.Ordinal);
        // An introduction naming an archived partner is hidden with it, as everywhere else.
        var shown = introductions.Where(i => byId.TryGetValue(i.Value.FirstPartnerId, out var a) && !a.IsArchived && byId.TryGetValue(i.Value.SecondPartnerId, out var b) && !b.IsArchived).ToList();
        return [BotReply.Show(IntroductionCards.Overview(suggestions, new PartnerIntroductions(shown, byId), caller, caller.Zone))];
    }

    /// <summary>'introduce A and B': finds both partners (a name may itself hold "and") and shows the record form.</summary>
    public async Task<IReadOnlyList<BotReply>> IntroduceAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Caller;
        var text = request.Arguments.Trim();
        var splits = Splits(text);
        if (splits.Count == 0)
        {
            return Replies.Say("Name the two partners you introduced, e.g. 'introduce City Museum and Youth Dept', or type 'introductions' for suggestions.");
        }

        var partners = await services.Partners.ListAsync(caller.Workspace, cancellationToken);
        IReadOnlyList<BotReply>? firstProblem = null;
        foreach (var (left, right) in splits)
        {
            var a = PartnerLookup.Find(partners, new CommandRequest { Caller = caller, Arguments = left }, IntroduceCommand);
            var b = PartnerLookup.Find(partners, new CommandRequest { Caller = caller, Arguments = right }, IntroduceCommand);
            if (a.Partner is { } first && b.Partner is { } second)
            {
                var introductions = await services.Introductions.ListAsync(caller.Workspace, cancellationToken);
                if (IntroductionRules.CheckPair(first, second, [.. introductions.Select(i => i.Value)]) is { } problem)
                {
                    return Replies.Refuse(problem + " Nothing was recorded.");
                }

                var needs = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
                var reason = IntroductionRules.Reason(first, second, needs)?.Reason ?? "";
                return [BotReply.Show(IntroductionCards.RecordForm(first, second, reason, services.TodayFor(caller), FlowServices.NewId()))];
            }

            firstProblem ??= a.Partner is null ? a.Replies : b.Replies;
        }

        return firstProblem ?? [];
    }

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reader = new SubmitReader(request.Value);
        return request.Action switch
        {
            IntroductionCards.FormAction => await OpenFormAsync(request.Caller, reader, cancellationToken),
            IntroductionCards.SaveAction => await RecordAsync(request.Caller, reader, cancellationToken),
            IntroductionCards.OutcomeOpenAction => await OpenOutcomeAsync(request.Caller, reader, cancellationToken),
            _ => await SetOutcomeAsync(request.Caller, reader, cancellationToken),
        };
    }

    private async Task<IReadOnlyList<BotReply>> OpenFormAsync(Caller caller, SubmitReader reader, CancellationToken cancellationToken)
    {
        var (pair, refusal) = await PairAsync(caller, reader, cancellationToken);
        if (pair is not var (first, second, _))
        {
            return refusal;
        }

        var needs = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
        var reason = IntroductionRules.Reason(first, second, needs)?.Reason ?? "";
        return [BotReply.Show(IntroductionCards.RecordForm(first, second, reason, services.TodayFor(caller), FlowServices.NewId()))];
    }

    private async Task<IReadOnlyList<BotReply>> RecordAsync(Caller caller, SubmitReader reader, CancellationToken cancellationToken)
    {
        var token = reader.Raw("token");
        if (!IsMintedId(token))
        {
            return Replies.Refuse(NotOurCard);
        }

        var day = reader.Date("date", "The day of the introduction");
        if (!reader.IsValid)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        // The second submit of one form: its token is the introduction's id, already stored.
        if (await services.Introductions.GetAsync(caller.Workspace, token!, cancellationToken) is { } already)
        {
            return Replies.Refuse($"This introduction was already recorded from this card on {Cards.Dates.Day(already.Value.RecordedAt, caller.Zone)}. Nothing was changed.");
        }

        var (pair, refusal) = await PairAsync(caller, reader, cancellationToken);
        if (pair is not var (first, second, _))
        {
            return refusal;
        }

        var today = services.TodayFor(caller);
        var date = day ?? today;
        var reason = reader.Raw("reason")?.Trim() ?? "";
        if (IntroductionRules.CheckEntry(reason, date, today) is { } problem)
        {
            return Replies.Refuse($"Nothing was recorded: {LowerFirst(problem)}");
        }

        var introduction = new Introduction
        {
            Id = token!,
            FirstPartnerId = first.Id,
            SecondPartnerId = second.Id,
            Reason = reason,
            IntroducedOn = date,
            RecordedByUserId = caller.User.UserId,
            RecordedAt = services.Time.GetUtcNow(),
        };
        try
        {
            await services.Introductions.SaveAsync(caller.Workspace, introduction, null, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse("This introduction was already recorded from this card. Nothing was changed.");
        }

        return Replies.Say($"Recorded: {first.Name} and {second.Name} were introduced {Cards.Dates.Relative(date, today)}. It shows on both partners' cards; record what came of it there later, or under 'introductions'.");
    }

    private async Task<IReadOnlyList<BotReply>> OpenOutcomeAsync(Caller caller, SubmitReader reader, CancellationToken cancellationToken)
    {
        var (current, first, second, refusal) = await IntroductionAsync(caller, reader.Raw("intro"), cancellationToken);
        return current is null ? refusal : [BotReply.Show(IntroductionCards.OutcomeForm(current.Value, current.ETag, first, second))];
    }

    private async Task<IReadOnlyList<BotReply>> SetOutcomeAsync(Caller caller, SubmitReader reader, CancellationToken cancellationToken)
    {
        var (current, first, second, refusal) = await IntroductionAsync(caller, reader.Raw("intro"), cancellationToken);
        if (current is null)
        {
            return refusal;
        }

        var version = reader.Raw("version");
        if (string.IsNullOrEmpty(version) || version != current.ETag)
        {
            return Replies.Refuse(Stale);
        }

        var outcome = reader.Enum<IntroductionOutcome>("outcome", "What came of it", required: true);
        var note = reader.Text("note", "The note", IntroductionRules.MaxReason);
        if (outcome == IntroductionOutcome.Pending)
        {
            reader.Problem("Pick what came of it: a joint project, they keep in touch, or no follow-up.");
        }

        if (!reader.IsValid)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        var updated = current.Value with
        {
            Outcome = outcome!.Value,
            OutcomeNote = note.Length == 0 ? null : note,
            OutcomeAt = services.Time.GetUtcNow(),
            OutcomeByUserId = caller.User.UserId,
        };
        try
        {
            await services.Introductions.SaveAsync(caller.Workspace, updated, current.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse(Stale);
        }

        return Replies.Say($"Saved: introducing {first?.Name ?? "them"} and {second?.Name ?? "their partner"} led to {Led(updated.Outcome)}.");
    }

    /// <summary>The two partners a card names, each this workspace's, different and not archived, and not introduced before; or why not.</summary>
    private async Task<((Partner First, Partner Second, IReadOnlyList<Introduction> Existing)? Pair, IReadOnlyList<BotReply> Refusal)> PairAsync(
        Caller caller, SubmitReader reader, CancellationToken cancellationToken)
    {
        var firstId = reader.Raw("first") ?? "";
        var secondId = reader.Raw("second") ?? "";
        if (firstId.Length is 0 or > PartnerLookup.MaxIdLength || secondId.Length is 0 or > PartnerLookup.MaxIdLength)
        {
            return (null, Replies.Refuse(PartnerLookup.Gone));
        }

        var first = await PartnerLookup.GetAnyAsync(services, caller.Workspace, firstId, cancellationToken);
        var second = firstId == secondId ? first : await PartnerLookup.GetAnyAsync(services, caller.Workspace, secondId, cancellationToken);
        if (first is null || second is null)
        {
            return (null, Replies.Refuse(PartnerLookup.Gone));
        }

        var existing = (await services.Introductions.ListAsync(caller.Workspace, cancellationToken)).Select(i => i.Value).ToList();
        return IntroductionRules.CheckPair(first.Value, second.Value, existing) is { } problem
            ? (null, Replies.Refuse(problem + " Nothing was recorded."))
            : ((first.Value, second.Value, existing), []);
    }

    /// <summary>The introduction a card names, with its partners, if the caller may set its outcome; or why not.</summary>
    private async Task<(Stored<Introduction>? Current, Partner? First, Partner? Second, IReadOnlyList<BotReply> Refusal)> IntroductionAsync(
        Caller caller, string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(id) || id.Length > PartnerLookup.MaxIdLength
            || await services.Introductions.GetAsync(caller.Workspace, id, cancellationToken) is not { } current)
        {
            return (null, null, null, Replies.Refuse(Gone));
        }

        var first = (await PartnerLookup.GetAnyAsync(services, caller.Workspace, current.Value.FirstPartnerId, cancellationToken))?.Value;
        var second = (await PartnerLookup.GetAnyAsync(services, caller.Workspace, current.Value.SecondPartnerId, cancellationToken))?.Value;
        if (first is null || second is null)
        {
            return (null, null, null, Replies.Refuse(Gone));
        }

        return IntroductionRules.MaySetOutcome(caller, current.Value, first, second)
            ? (current, first, second, [])
            : (null, null, null, Replies.Refuse(NotYours));
    }

    /// <summary>Every way to read "A and B" (or "A &amp; B", "A, B") as two names, the first "and" first.</summary>
    public static IReadOnlyList<(string Left, string Right)> Splits(string text)
    {
        var splits = new List<(string, string)>();
        foreach (var separator in new[] { " and ", " & ", ", " })
        {
            for (var at = text.IndexOf(separator, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(separator, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var left = text[..at].Trim();
                var right = text[(at + separator.Length)..].Trim();
                if (left.Length > 0 && right.Length > 0)
                {
                    splits.Add((left, right));
                }
            }
        }

        return splits;
    }

    private static string Led(IntroductionOutcome outcome) => outcome switch
    {
        IntroductionOutcome.JointProject => "a joint project",
        IntroductionOutcome.InTouch => "them keeping in touch",
        _ => "no follow-up",
    };

    private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>A card token is an id this bot minted (<see cref="FlowServices.NewId"/>); anything else is tampered.</summary>
    private static bool IsMintedId(string? token) =>
        token is { Length: 16 } && token.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
