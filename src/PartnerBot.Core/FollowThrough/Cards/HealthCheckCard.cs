using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.FollowThrough.Cards;

/// <summary>The periodic health check (seed 004): each side's interest, communication, progress, fit; 1 to 5 and a note.</summary>
public static class HealthCheckCard
{
    /// <summary>The longest note a health check keeps; a longer one is refused with its length, never cut.</summary>
    public const int MaxNoteLength = 2000;

    public static IReadOnlyList<(HealthQuestion Question, string Text)> Questions { get; } =
    [
        (HealthQuestion.PartnerInterestMet, "Is the partner's interest being met?"),
        (HealthQuestion.LibraryInterestMet, "Is the library's interest being met?"),
        (HealthQuestion.Communication, "How is communication going?"),
        (HealthQuestion.Progress, "Is the work progressing?"),
        (HealthQuestion.StrategicFit, "Does it still fit the library's strategy?"),
    ];

    public static string InputId(HealthQuestion q) => "q" + q;

    public static AdaptiveCard Build(string partnerId, string partnerName)
    {
        var scale = new List<Choice>
        {
            new("1 – poor", "1"), new("2", "2"), new("3 – fair", "3"), new("4", "4"), new("5 – very good", "5"),
        };
        var card = new AdaptiveCard
        {
            FallbackText = $"Health check for {partnerName}",
            Body = { new TextBlock($"Health check: {partnerName}") { Size = TextSize.Medium, Weight = TextWeight.Bolder } },
            Actions =
            {
                new SubmitAction
                {
                    Title = "Send",
                    Style = ActionStyle.Positive,
                    Data = new JsonObject { ["action"] = FollowThroughActions.SubmitHealthCheck, ["partnerId"] = partnerId },
                },
            },
        };
        foreach (var (question, text) in Questions)
        {
            card.Body.Add(new ChoiceSetInput
            {
                Id = InputId(question),
                Label = text,
                Choices = scale,
                Style = ChoiceStyle.Compact,
                IsRequired = true,
                ErrorMessage = "Pick a score from 1 to 5.",
            });
        }

        card.Body.Add(new TextInput
        {
            Id = "note",
            Label = $"Anything to add? (at most {MaxNoteLength:N0} characters)",
            IsMultiline = true,
            MaxLength = MaxNoteLength,
            ErrorMessage = $"At most {MaxNoteLength:N0} characters.",
        });
        return card;
    }
}
