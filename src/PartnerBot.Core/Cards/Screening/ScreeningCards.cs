using System.Text.Json.Nodes;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Cards.Partners;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;

namespace PartnerBot.Core.Cards.Screening;

/// <summary>The five screening questions on one card, and the result with rank and disagreement.</summary>
public static class ScreeningCards
{
    public const string SubmitAction = "screen.submit";
    public const int MaxNote = 500;

    /// <summary>Seed 000 step 3, each phrased so 5 favours the partner.</summary>
    public static IReadOnlyList<(ScreeningQuestion Question, string Text, string Low, string High)> Questions { get; } =
    [
        (ScreeningQuestion.Expertise, "How strong is their expertise compared with other candidates?", "weaker", "much stronger"),
        (ScreeningQuestion.StrengthsAndWeaknesses, "Weighing their strengths against their weaknesses, how do they compare with others?", "mostly weaknesses", "mostly strengths"),
        (ScreeningQuestion.ContributionToGoals, "How much could they contribute to your community and smart-city goals?", "little", "a great deal"),
        (ScreeningQuestion.RelationshipDifficulty, "How easy would a good working relationship be, given culture and resources on both sides?", "very hard", "easy"),
        (ScreeningQuestion.OpportunityCost, "How much would the library lose by not pursuing them?", "little", "a lot"),
    ];

    public static AdaptiveCard Form(Partner partner, PartnerScreening? mine, string? myETag)
    {
        var card = new AdaptiveCard
        {
            FallbackText = $"Screen {partner.Name}",
            Body =
            {
                new TextBlock($"Screen {partner.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock("Rate each question from 1 to 5, using what is public: reports, newsletters, the press, their website.") { IsSubtle = true },
            },
        };
        foreach (var (question, text, low, high) in Questions)
        {
            var rating = mine?.Ratings.GetValueOrDefault(question);
            card.Body.Add(Buttons.Rating("q-" + question, text, rating?.Score, low, high));
            card.Body.Add(Buttons.Note("note-" + question, rating?.Note, MaxNote));
        }

        card.Actions.Add(Buttons.Submit(mine is null ? "Submit ratings" : "Save changes", SubmitAction, new JsonObject { ["partner"] = partner.Id, ["etag"] = myETag ?? "" }));
        card.Actions.Add(Buttons.Cancel());
        return card;
    }

    public static AdaptiveCard Result(Partner partner, ScreeningSummary summary, double myScore, IReadOnlyList<RankedPartner> ranking)
    {
        var rank = ranking.FirstOrDefault(r => r.Partner.Id == partner.Id)?.Rank;
        var card = new AdaptiveCard
        {
            FallbackText = $"Screening of {partner.Name}: {PartnerCards.Num(summary.Score ?? 0)} of 5",
            Body =
            {
                new TextBlock($"Screening: {partner.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new FactList
                {
                    Facts =
                    {
                        new Fact("Your score", $"{PartnerCards.Num(myScore)} of 5"),
                        new Fact("Average", $"{PartnerCards.Num(summary.Score ?? 0)} of 5 from {summary.Raters} rater{(summary.Raters == 1 ? "" : "s")}"),
                        new Fact("Rank", rank is { } r ? $"#{r} of {ranking.Count} candidates" : "–"),
                    },
                },
                new TextBlock("By question (average, range)") { Weight = TextWeight.Bolder, Separator = true },
            },
        };
        foreach (var q in summary.Questions)
        {
            var text = Questions.First(x => x.Question == q.Question).Text;
            var spread = q.Min == q.Max ? "" : $" (from {q.Min} to {q.Max})";
            card.Body.Add(new TextBlock($"{(q.Disagreement ? "⚠ " : "")}{PartnerCards.Num(q.Average)}{spread} – {text}")
            {
                Color = q.Disagreement ? TextColor.Warning : null,
                Spacing = Spacing.Small,
            });
        }

        if (summary.HasDisagreement)
        {
            card.Body.Add(new TextBlock($"⚠ marks questions where raters differ by {ScreeningScoring.DisagreementSpread} or more: worth talking through before you decide.") { IsSubtle = true });
        }

        card.Body.Add(new TextBlock("Ranking") { Weight = TextWeight.Bolder, Separator = true });
        card.Body.AddRange(RankingCard.Lines(ranking, partner.Id));
        card.Actions.Add(Buttons.Command("Edit my ratings", ScreeningFlow.ScreenCommand, partner.Id));
        card.Actions.Add(Buttons.Command("Detailed assessment", AssessmentFlow.AssessCommand, partner.Id));
        card.Actions.Add(Buttons.Command("Add another partner", PartnerFlow.AddCommand));
        return card;
    }
}
