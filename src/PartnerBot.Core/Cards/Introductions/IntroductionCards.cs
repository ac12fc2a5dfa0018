using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Introductions;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Cards.Introductions;

/// <summary>Introductions between community actors: the overview (suggestions and recent ones), recording one, its outcome, and the partner card's block.</summary>
public static class IntroductionCards
{
    /// <summary>Opens the form to record an introduction between two partners (data: first, second).</summary>
    public const string FormAction = "intro.form";

    /// <summary>Records it (data: first, second, token; inputs: date, reason).</summary>
    public const string SaveAction = "intro.save";

    /// <summary>Opens the outcome form of one introduction (data: intro).</summary>
    public const string OutcomeOpenAction = "intro.outcome-open";

    /// <summary>Saves the outcome (data: intro, version; inputs: outcome, note).</summary>
    public const string OutcomeAction = "intro.outcome";

    /// <summary>How many recorded introductions the overview lists, newest first.</summary>
    public const int RecentCount = 10;

    /// <summary>How many introductions the partner card lists, newest first.</summary>
    public const int OnPartnerCard = 3;

    /// <summary>The overview: the suggested pairs, each with its reason and a button to record it, and the recent introductions with their outcomes.</summary>
    public static AdaptiveCard Overview(
        IReadOnlyList<IntroductionSuggestion> suggestions, PartnerIntroductions recorded, Caller viewer, TimeZoneInfo? zone = null)
    {
        ArgumentNullException.ThrowIfNull(suggestions);
        ArgumentNullException.ThrowIfNull(recorded);
        var card = new AdaptiveCard
        {
            FallbackText = "Introductions between community actors",
            Body =
            {
                new TextBlock("Introductions") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock("Connect community actors to each other, not only to the library. Type 'introduce <partner> and <partner>' to record one I did not suggest.") { IsSubtle = true },
                new TextBlock("Suggested") { Weight = TextWeight.Bolder, Separator = true },
            },
        };
        if (suggestions.Count == 0)
        {
            card.Body.Add(new TextBlock("No pair to suggest: none shares a need, a cluster or a program that is not introduced already. Give partners their clusters and the needs they might cover, and I will find pairs."));
        }

        foreach (var s in suggestions)
        {
            card.Body.Add(Line(
                new TextBlock($"{s.First.Name} and {s.Second.Name}") { Weight = TextWeight.Bolder },
                new TextBlock(s.Reason) { IsSubtle = true },
                Buttons.Open("Record introduction", FormAction, new JsonObject { ["first"] = s.First.Id, ["second"] = s.Second.Id })));
        }

        var recent = recorded.Introductions.OrderByDescending(i => i.Value.IntroducedOn).ThenByDescending(i => i.Value.RecordedAt).Take(RecentCount).ToList();
        card.Body.Add(new TextBlock("Recent introductions") { Weight = TextWeight.Bolder, Separator = true });
        if (recent.Count == 0)
        {
            card.Body.Add(new TextBlock("None recorded yet."));
        }

        foreach (var stored in recent)
        {
            var i = stored.Value;
            var first = recorded.Partners.GetValueOrDefault(i.FirstPartnerId);
            var second = recorded.Partners.GetValueOrDefault(i.SecondPartnerId);
            card.Body.Add(Line(
                new FactList { Facts = { new Fact(Dates.Day(i.IntroducedOn), $"{NameOf(first)} and {NameOf(second)} · {Outcome(i)}") } },
                null,
                IntroductionRules.MaySetOutcome(viewer, i, first, second) ? OutcomeButton(i) : null));
        }

        return card;
    }

    /// <summary>Recording an introduction: who (fixed), when (today or earlier) and why (pre-filled with the suggestion's reason, editable).</summary>
    public static AdaptiveCard RecordForm(Partner first, Partner second, string reason, DateOnly today, string token)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return new AdaptiveCard
        {
            FallbackText = $"Record an introduction: {first.Name} and {second.Name}",
            Body =
            {
                new TextBlock("Record an introduction") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new FactList { Facts = { new Fact("Who", $"{first.Name} and {second.Name}") } },
                new DateInput
                {
                    Id = "date",
                    Label = "When were they introduced",
                    IsRequired = true,
                    Value = Dates.InputValue(today),
                    Max = Dates.InputValue(today),
                    ErrorMessage = "Pick the day of the introduction (today or earlier).",
                },
                new TextInput
                {
                    Id = "reason",
                    Label = $"Why they should meet (at most {IntroductionRules.MaxReason:N0} characters)",
                    IsMultiline = true,
                    IsRequired = true,
                    MaxLength = IntroductionRules.MaxReason,
                    Value = reason.Length == 0 ? null : reason,
                    Placeholder = "e.g. Both run digital skills sessions for seniors and could share volunteers.",
                    ErrorMessage = $"Say in a sentence why they should meet, in at most {IntroductionRules.MaxReason:N0} characters.",
                },
            },
            Actions =
            {
                Buttons.Submit("Record introduction", SaveAction, new JsonObject { ["first"] = first.Id, ["second"] = second.Id, ["token"] = token }),
                Buttons.Dismiss("introduction"),
            },
        };
    }

    /// <summary>What came of an introduction, with the row's version so a stale card changes nothing.</summary>
    public static AdaptiveCard OutcomeForm(Introduction introduction, string version, Partner? first, Partner? second)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        return new AdaptiveCard
        {
            FallbackText = $"What came of introducing {NameOf(first)} and {NameOf(second)}?",
            Body =
            {
                new TextBlock($"What came of introducing {NameOf(first)} and {NameOf(second)}?") { Size = TextSize.Medium, Weight = TextWeight.Bolder, Wrap = true },
                new TextBlock($"Introduced on {Dates.Day(introduction.IntroducedOn)}: {introduction.Reason}") { IsSubtle = true },
                new ChoiceSetInput
                {
                    Id = "outcome",
                    Label = "Outcome",
                    IsRequired = true,
                    Style = ChoiceStyle.Expanded,
                    ErrorMessage = "Pick what came of it.",
                    Value = introduction.Outcome == IntroductionOutcome.Pending ? null : introduction.Outcome.ToString(),
                    Choices =
                    [
                        new Choice("A joint project", nameof(IntroductionOutcome.JointProject)),
                        new Choice("They keep in touch", nameof(IntroductionOutcome.InTouch)),
                        new Choice("No follow-up", nameof(IntroductionOutcome.NoFollowUp)),
                    ],
                },
                new TextInput
                {
                    Id = "note",
                    Label = $"Note (optional, at most {IntroductionRules.MaxReason:N0} characters)",
                    IsMultiline = true,
                    MaxLength = IntroductionRules.MaxReason,
                    Value = introduction.OutcomeNote,
                    ErrorMessage = $"At most {IntroductionRules.MaxReason:N0} characters.",
                },
            },
            Actions =
            {
                Buttons.Submit("Save outcome", OutcomeAction, new JsonObject { ["intro"] = introduction.Id, ["version"] = version }),
                Buttons.Dismiss("introduction"),
            },
        };
    }

    /// <summary>The partner card's block: the partner's introductions, newest first, each with its outcome and, for who may set it, an Outcome button.</summary>
    public static IReadOnlyList<CardElement> PartnerBlock(Partner partner, PartnerIntroductions data, Caller? viewer)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(data);
        // One with a partner since archived is hidden with it, as everywhere else.
        var mine = data.Introductions.Where(i => i.Value.Involves(partner.Id)
                && data.Partners.GetValueOrDefault(i.Value.FirstPartnerId == partner.Id ? i.Value.SecondPartnerId : i.Value.FirstPartnerId) is { IsArchived: false })
            .OrderByDescending(i => i.Value.IntroducedOn).ThenByDescending(i => i.Value.RecordedAt).Take(OnPartnerCard).ToList();
        if (mine.Count == 0)
        {
            return [];
        }

        var block = new List<CardElement> { new TextBlock("Introductions") { Weight = TextWeight.Bolder, Separator = true } };
        foreach (var stored in mine)
        {
            var i = stored.Value;
            var first = data.Partners.GetValueOrDefault(i.FirstPartnerId);
            var second = data.Partners.GetValueOrDefault(i.SecondPartnerId);
            var other = i.FirstPartnerId == partner.Id ? second : first;
            block.Add(Line(
                new FactList { Facts = { new Fact(Dates.Day(i.IntroducedOn), $"Introduced to {NameOf(other)} · {Outcome(i)}") } },
                null,
                viewer is not null && IntroductionRules.MaySetOutcome(viewer, i, first, second) ? OutcomeButton(i) : null));
        }

        return block;
    }

    public static SubmitAction OutcomeButton(Introduction introduction)
    {
        ArgumentNullException.ThrowIfNull(introduction);
        return Buttons.Open("Outcome", OutcomeOpenAction, new JsonObject { ["intro"] = introduction.Id });
    }

    private static string Outcome(Introduction i) =>
        IntroductionRules.Label(i.Outcome) + (i.OutcomeNote is { Length: > 0 } note ? $" ({note})" : "");

    private static string NameOf(Partner? partner) => partner?.Name ?? "a partner no longer listed";

    /// <summary>One line: what it says, and beside it its button when there is one.</summary>
    private static CardElement Line(CardElement main, CardElement? below, CardAction? button)
    {
        if (button is null)
        {
            return below is null ? main : new Container { Items = { main, below } };
        }

        var left = new Column { Items = { main } };
        if (below is not null)
        {
            left.Items.Add(below);
        }

        return new ColumnSet
        {
            Columns =
            {
                left,
                new Column { Width = "auto", Items = { new ActionSet { Actions = { button } } } },
            },
        };
    }
}
