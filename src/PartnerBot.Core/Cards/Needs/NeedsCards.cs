using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Cards.Needs;

/// <summary>The three needs-assessment cards and its summary.</summary>
public static class NeedsCards
{
    public const string SubmitAction = "needs.submit";
    public const string EditAction = "needs.edit";

    public const int MaxGoal = 300;
    public const int MaxText = 500;
    public const int MaxCriterionName = 80;

    /// <summary>The need slots on card 2: financial short and long term, then one per other kind.</summary>
    public static IReadOnlyList<(string Slot, NeedKind Kind, NeedTerm? Term, string Label, string Example)> Slots { get; } =
    [
        ("fin-short", NeedKind.Financial, NeedTerm.ShortTerm, "Money, short term", "e.g. equipment, a training budget"),
        ("fin-long", NeedKind.Financial, NeedTerm.LongTerm, "Money, long term", "e.g. new staff, a building change"),
        ("tech", NeedKind.Technology, null, "Technology", "e.g. 3D printers, AI tools, robotics, training software"),
        ("hr", NeedKind.HumanResources, null, "People and expertise", "e.g. trainers, volunteers, designers"),
        ("space", NeedKind.Space, null, "Space", "e.g. a makerspace, rooms for workshops"),
    ];

    /// <summary>What libraries commonly offer partners (seeds 001, 003). Stored as the text; the card sends the id.</summary>
    public static NamedChoices CommonOffers { get; } = new(
        new NamedChoice("rooms", "Rooms and space"),
        new NamedChoice("equipment", "Computers and equipment"),
        new NamedChoice("reach", "Reach into the community, including people agencies find hard to reach"),
        new NamedChoice("trust", "Trust"),
        new NamedChoice("brand", "The library's brand"));

    public static AdaptiveCard Step(int step, NeedsAssessment draft) => step switch
    {
        1 => GoalCard(draft),
        2 => NeedsCard(draft),
        _ => OffersCard(draft),
    };

    public static AdaptiveCard GoalCard(NeedsAssessment draft) => Form(1, draft, "Needs assessment 1 of 3: goal and users",
        "What is the program or goal, and whom does it serve?",
        [
            new TextInput { Id = "goal", Label = "Goal or program", Value = Blank(draft.Goal), IsRequired = true, MaxLength = MaxGoal, ErrorMessage = $"Say what the goal is (at most {MaxGoal} characters).", Placeholder = "e.g. Digital skills for job seekers" },
            new TextInput { Id = "strategicPlan", Label = "How it links to the library's strategic plan", Value = Blank(draft.StrategicPlanLink), IsMultiline = true, MaxLength = MaxText, ErrorMessage = $"At most {MaxText} characters." },
            new TextInput { Id = "communityStrategy", Label = "How it links to the city's smart-city or community strategy", Value = Blank(draft.CommunityStrategyLink), IsMultiline = true, MaxLength = MaxText, ErrorMessage = $"At most {MaxText} characters." },
            new TextInput { Id = "targetUsers", Label = "Who it serves", Value = Blank(draft.TargetUsers), IsRequired = true, MaxLength = MaxText, ErrorMessage = $"Say who the program serves (at most {MaxText} characters).", Placeholder = "e.g. adults looking for work" },
            new ToggleInput { Id = "usersConsulted", Title = "We have asked these users what they need", Value = draft.UsersConsulted },
        ]);

    public static AdaptiveCard NeedsCard(NeedsAssessment draft)
    {
        var inputs = new List<CardElement> { new TextBlock("Fill in the kinds you need; leave the others empty.") { IsSubtle = true } };
        foreach (var (slot, _, _, label, example) in Slots)
        {
            var need = draft.Needs.FirstOrDefault(n => n.Id == NeedId(draft.Id, slot));
            inputs.Add(new TextInput { Id = "need-" + slot, Label = label, Placeholder = example, Value = need?.Description, MaxLength = MaxText, ErrorMessage = $"At most {MaxText} characters." });
            inputs.Add(new ChoiceSetInput
            {
                Id = "priority-" + slot,
                Style = ChoiceStyle.Compact,
                Value = (need?.Priority ?? NeedPriority.Medium).ToString(),
                Choices = [new Choice("Priority: high", "High"), new Choice("Priority: medium", "Medium"), new Choice("Priority: low", "Low")],
            });
        }

        return Form(2, draft, "Needs assessment 2 of 3: what you need", "Partners can bring money, technology, people and space.", inputs);
    }

    public static AdaptiveCard OffersCard(NeedsAssessment draft)
    {
        var criteria = draft.Criteria.Count > 0 ? draft.Criteria : Core.Assessment.AssessmentScoring.DefaultCriteria;
        var inputs = new List<CardElement>
        {
            new ChoiceSetInput
            {
                Id = "offers",
                Label = "What the library can offer a partner",
                IsMultiSelect = true,
                Style = ChoiceStyle.Expanded,
                Value = CommonOffers.ValueOf(draft.Offers),
                Choices = CommonOffers.Choices,
            },
            new TextInput { Id = "offersOther", Label = "Anything else you can offer", Value = Blank(string.Join("; ", draft.Offers.Where(o => !CommonOffers.ContainsText(o)))), MaxLength = MaxText, ErrorMessage = $"At most {MaxText} characters." },
            new TextBlock("How much each criterion counts when you judge partners (0 = not used).") { Weight = TextWeight.Bolder, Separator = true },
        };
        foreach (var criterion in criteria)
        {
            inputs.Add(Weight("weight-" + criterion.Id, criterion.Name, criterion.Weight));
        }

        inputs.Add(new TextInput { Id = "newCriterion", Label = "Add a criterion of your own", MaxLength = MaxCriterionName, ErrorMessage = $"At most {MaxCriterionName} characters." });
        inputs.Add(Weight("newCriterionWeight", "Its weight", 3));
        return Form(3, draft, "Needs assessment 3 of 3: offers and criteria", "Partnerships work both ways: say what you bring, and how you will judge partners.", inputs);
    }

    public static AdaptiveCard Summary(NeedsAssessment assessment, IReadOnlySet<string> coveredNeedIds)
    {
        var uncovered = assessment.Needs.Count(n => !coveredNeedIds.Contains(n.Id));
        var card = new AdaptiveCard
        {
            FallbackText = $"Needs assessment: {assessment.Goal}",
            Body =
            {
                new TextBlock("Needs assessment") { IsSubtle = true },
                new TextBlock(assessment.Goal) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new FactList
                {
                    Facts =
                    {
                        new Fact("Serves", assessment.TargetUsers + (assessment.UsersConsulted ? " (users consulted)" : " (users not consulted yet)")),
                        new Fact("Strategic plan", Dash(assessment.StrategicPlanLink)),
                        new Fact("Community strategy", Dash(assessment.CommunityStrategyLink)),
                    },
                },
                new TextBlock("Needs") { Weight = TextWeight.Bolder, Separator = true },
                new FactList
                {
                    Facts = assessment.Needs.OrderByDescending(n => n.Priority)
                        .Select(n => new Fact(NeedLabel(n), $"{n.Description} · {n.Priority} · {(coveredNeedIds.Contains(n.Id) ? "has a candidate" : "no candidate yet")}"))
                        .ToList(),
                },
                new TextBlock("We offer: " + Dash(string.Join(", ", assessment.Offers))),
                new TextBlock("Criteria: " + string.Join(", ", assessment.Criteria.Where(c => c.Weight > 0).Select(c => $"{c.Name} ×{c.Weight}"))),
            },
        };
        if (!assessment.UsersConsulted)
        {
            card.Body.Add(new TextBlock("Tip: ask the people the program serves what they need before you choose partners.") { Color = TextColor.Warning });
        }

        card.Body.Add(new TextBlock(uncovered == 0
            ? "Next: every need has a candidate. Screen your candidates to rank them."
            : $"Next: add candidate partners for your {uncovered} uncovered need{(uncovered == 1 ? "" : "s")}.")
        { Weight = TextWeight.Bolder, Separator = true });
        card.Actions.Add(uncovered == 0 ? Buttons.Command("Show ranking", PartnerFlow.RankingCommand) : Buttons.Command("Add a candidate", PartnerFlow.AddCommand));
        card.Actions.Add(Edit("Edit goal", assessment.Id, 1));
        card.Actions.Add(Edit("Edit needs", assessment.Id, 2));
        card.Actions.Add(Edit("Edit offers", assessment.Id, 3));
        return card;
    }

    public static string NeedId(string assessmentId, string slot) => $"{assessmentId}.{slot}";

    public static string NeedLabel(Need need) => Slots.FirstOrDefault(s => s.Kind == need.Kind && s.Term == need.Term).Label ?? need.Kind.ToString();

    private static SubmitAction Edit(string title, string assessmentId, int step) => new()
    {
        Title = title,
        Data = new JsonObject { ["action"] = EditAction, ["assessment"] = assessmentId, ["step"] = step },
        AssociatedInputs = "none",
    };

    private static AdaptiveCard Form(int step, NeedsAssessment draft, string title, string intro, IEnumerable<CardElement> inputs)
    {
        var card = new AdaptiveCard
        {
            FallbackText = title,
            Body =
            {
                new TextBlock(title) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(intro) { IsSubtle = true },
            },
            Actions =
            {
                Buttons.Submit(step == 3 ? "Finish" : "Next", SubmitAction, new JsonObject { ["assessment"] = draft.Id, ["step"] = step }),
                Buttons.Cancel(),
            },
        };
        card.Body.AddRange(inputs);
        return card;
    }

    private static ChoiceSetInput Weight(string id, string label, int value) => new()
    {
        Id = id,
        Label = label,
        Style = ChoiceStyle.Compact,
        Value = value.ToString(CultureInfo.InvariantCulture),
        Choices = Enumerable.Range(0, 6).Select(i => new Choice(i.ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture))).ToList(),
    };

    private static string? Blank(string value) => value.Length == 0 ? null : value;

    private static string Dash(string value) => value.Length == 0 ? "–" : value;
}
