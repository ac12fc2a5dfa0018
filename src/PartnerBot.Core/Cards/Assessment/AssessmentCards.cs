using System.Text.Json.Nodes;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Cards.Partners;
using PartnerBot.Core.Cards.Screening;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;

namespace PartnerBot.Core.Cards.Assessment;

/// <summary>The detailed assessment on one card, and its result with the prioritised list.</summary>
public static class AssessmentCards
{
    public const string SubmitAction = "assess.submit";
    public const int MaxNote = 500;
    public const int MaxText = 500;

    /// <summary>Seed 000 step 4; "meets the criteria" is asked per criterion instead of as one rating.</summary>
    public static IReadOnlyList<(AssessmentQuestion Question, string Text, string Low, string High)> Questions { get; } =
    [
        (AssessmentQuestion.BenefitAndCostFactors, "Are the things that drive benefits and costs favourable, and within your control?", "unfavourable", "favourable and controllable"),
        (AssessmentQuestion.Competencies, "Do the partners have the competencies the partnership needs to succeed?", "missing", "all present"),
        (AssessmentQuestion.InvestmentAndTiming, "Can you afford the investment and the timing it needs?", "not at all", "easily"),
        (AssessmentQuestion.ConstituentSupport, "How strongly do the key constituents support it?", "opposed", "strongly"),
    ];

    public static AdaptiveCard Form(Partner partner, IReadOnlyList<Criterion> criteria, DetailedAssessment? mine, string? myETag)
    {
        var card = new AdaptiveCard
        {
            FallbackText = $"Assess {partner.Name}",
            Body =
            {
                new TextBlock($"Detailed assessment: {partner.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock("Best done after a conversation or a site visit. Rate 1 to 5; 5 favours the partnership.") { IsSubtle = true },
                new TextBlock("1. How well do they meet your criteria?") { Weight = TextWeight.Bolder },
            },
        };
        foreach (var criterion in criteria.Where(c => c.Weight > 0))
        {
            card.Body.Add(Buttons.Rating("crit-" + criterion.Id, $"{criterion.Name} (weight {criterion.Weight})", mine?.CriteriaScores.GetValueOrDefault(criterion.Id) is int s and > 0 ? s : null, "does not meet", "fully meets"));
        }

        var number = 2;
        foreach (var (question, text, low, high) in Questions)
        {
            var rating = mine?.Ratings.GetValueOrDefault(question);
            card.Body.Add(Buttons.Rating("q-" + question, $"{number++}. {text}", rating?.Score, low, high));
            if (question == AssessmentQuestion.InvestmentAndTiming)
            {
                card.Body.Add(new TextInput { Id = "investment", Placeholder = "What investment: money, staff time, space…", Value = Blank(mine?.Investment), MaxLength = MaxText, ErrorMessage = $"At most {MaxText} characters." });
                card.Body.Add(new TextInput { Id = "timing", Placeholder = "When: e.g. spring term, within 6 months", Value = Blank(mine?.Timing), MaxLength = MaxText, ErrorMessage = $"At most {MaxText} characters." });
                card.Body.Add(new ChoiceSetInput
                {
                    Id = "affordable",
                    Label = "Can the library afford it?",
                    Style = ChoiceStyle.Expanded,
                    Value = mine?.Affordable switch { true => "yes", false => "no", null => "unknown" },
                    Choices = [new Choice("Not sure yet", "unknown"), new Choice("Yes", "yes"), new Choice("No, not now (caps Pursue at Hold)", "no")],
                });
            }
            else if (question == AssessmentQuestion.ConstituentSupport)
            {
                card.Body.Add(new TextInput { Id = "constituents", Placeholder = "Who must support it: board, city, staff, users…", Value = Blank(mine?.KeyConstituents), MaxLength = MaxText, ErrorMessage = $"At most {MaxText} characters." });
            }
            else
            {
                card.Body.Add(Buttons.Note("note-" + question, rating?.Note, MaxNote));
            }
        }

        card.Body.Add(new ChoiceSetInput
        {
            Id = "recommendation",
            Label = "Your recommendation",
            Style = ChoiceStyle.Compact,
            Placeholder = "Suggest one from the score",
            Value = mine?.Recommendation.ToString(),
            Choices = Enum.GetValues<Recommendation>().Select(r => new Choice(r.ToString(), r.ToString())).ToList(),
        });
        card.Actions.Add(Buttons.Submit(mine is null ? "Submit assessment" : "Save changes", SubmitAction, new JsonObject { ["partner"] = partner.Id, ["etag"] = myETag ?? "" }));
        card.Actions.Add(Buttons.Cancel());
        return card;
    }

    public static AdaptiveCard Result(Partner partner, DetailedAssessment assessment, Recommendation suggested, double? weightedCriteria, IReadOnlyList<RankedPartner> ranking)
    {
        var card = new AdaptiveCard
        {
            FallbackText = $"Assessment of {partner.Name}: {assessment.Recommendation}",
            Body =
            {
                new TextBlock($"Assessment: {partner.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new FactList
                {
                    Facts =
                    {
                        new Fact("Score", $"{PartnerCards.Num(assessment.Score)} of 5"),
                        new Fact("Meets criteria", weightedCriteria is { } w ? $"{PartnerCards.Num(w)} of 5 (weighted)" : "–"),
                        new Fact("Affordable", assessment.Affordable switch { true => "yes", false => "no", null => "not answered" }),
                        new Fact("Recommendation", assessment.Recommendation == suggested ? $"{assessment.Recommendation} (as the score suggests)" : $"{assessment.Recommendation} (the score suggests {suggested})"),
                        new Fact("Stage", partner.Stage.Label()),
                    },
                },
                new TextBlock("Prioritised list") { Weight = TextWeight.Bolder, Separator = true },
            },
        };
        card.Body.AddRange(RankingCard.Lines(ranking, partner.Id));
        card.Actions.Add(Buttons.Command("Edit my assessment", AssessmentFlow.AssessCommand, partner.Id));
        if (assessment.Recommendation == Recommendation.Pursue)
        {
            card.Actions.Add(Buttons.Command("Name a contact", ContactFlow.ContactCommand, partner.Id));
        }

        card.Actions.Add(Buttons.Command("Portfolio", PortfolioFlow.PortfolioCommand));
        return card;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
