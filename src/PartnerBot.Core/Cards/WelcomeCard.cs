using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.Cards;

/// <summary>The first card a person sees when PartnerBot is installed for them.</summary>
public static class WelcomeCard
{
    public static AdaptiveCard Build(string userName) => new()
    {
        FallbackText = "Welcome to PartnerBot.",
        Body =
        {
            new TextBlock($"Welcome, {userName}") { Size = TextSize.Large, Weight = TextWeight.Bolder },
            new TextBlock("I help your library find partners in the community, judge which ones to pursue, and keep each partnership healthy once it starts."),
            new FactList
            {
                Facts =
                {
                    new Fact("Needs", "Say what a program needs and what the library can offer in return."),
                    new Fact("Partners", "List possible partners of every kind: government, schools, nonprofits, businesses, cultural institutions, individuals."),
                    new Fact("Rank", "Rate candidates on a few questions; I rank them and show where colleagues disagree."),
                    new Fact("Follow up", "Each partner gets a named contact person, next steps and reminders; managers get a weekly digest."),
                },
            },
        },
        Actions = { HelpCard.CommandButton("Show commands", "help") },
    };
}
