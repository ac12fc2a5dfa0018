using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.Cards;

/// <summary>The first card a person sees when PartnerBot is installed for them.</summary>
public static class WelcomeCard
{
    /// <param name="userName">Who is welcomed.</param>
    /// <param name="library">
    /// For an admin of a library nobody has named yet (the first admin): the name and time zone inputs and their Save
    /// button (<see cref="Workspaces.LibraryCard.Form"/>), asked before anything else.
    /// </param>
    public static AdaptiveCard Build(string userName, (List<CardElement> Body, SubmitAction Save)? library = null)
    {
        var card = new AdaptiveCard
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
        };
        if (library is { } form)
        {
            card.Body.Add(new TextBlock("First, your library") { Weight = TextWeight.Bolder, Separator = true });
            card.Body.Add(new TextBlock("You are the first admin here. What is your library called, and which time zone is it in? I use the name in digests and propositions. Admins can change both later with 'library'.") { IsSubtle = true });
            card.Body.AddRange(form.Body);
            card.Actions.Add(form.Save);
        }

        // Sends no inputs: the library's questions, if shown, must not stop someone from just looking at the commands.
        card.Actions.Add(Buttons.Command("Show commands", Conversations.BotCommands.Help));
        return card;
    }
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
