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
            new FactSet
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

/// <summary>
/// The welcome's "where to start" part: buttons for the next sensible actions, from what the workspace already has.
/// Kept apart from the welcome's own content, which is built by <see cref="WelcomeCard.Build"/>.
/// </summary>
public static class WelcomeNextSteps
{
    public const string Heading = "Where to start";

    /// <summary>Adds the heading and one button per suggested command at the end of the welcome's body.</summary>
    public static AdaptiveCard Append(AdaptiveCard welcome, IReadOnlyList<Conversations.BotCommand> suggested)
    {
        ArgumentNullException.ThrowIfNull(welcome);
        ArgumentNullException.ThrowIfNull(suggested);
        if (suggested.Count == 0)
        {
            return welcome;
        }

        welcome.Body.Add(new TextBlock(Heading) { Weight = TextWeight.Bolder, Separator = true });
        welcome.Body.Add(HelpCard.SuggestedActions(suggested));
        return welcome;
    }
}
