using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Tests.Language;

public class RuleBasedDigestNarratorTests
{
    private static readonly Dictionary<PartnerStage, int> Pipeline = new()
    {
        [PartnerStage.Identified] = 6,
        [PartnerStage.Screened] = 3,
        [PartnerStage.Active] = 4,
        [PartnerStage.Ended] = 2,
    };

    public static TheoryData<DigestFacts, string> Cases => new()
    {
        {
            new DigestFacts(),
            "The pipeline is empty: add a first candidate with 'add partner'."
        },
        {
            new DigestFacts { NewCandidates = 2 },
            "The pipeline is just starting: 2 new candidates this week."
        },
        {
            new DigestFacts { CountsByStage = Pipeline },
            "You have 13 partners in the pipeline, 4 of them formalised or active; nothing moved this week."
        },
        {
            new DigestFacts { CountsByStage = Pipeline, MovedThisWeek = 1, NewCandidates = 2, OverdueSteps = 3, AwaitingDecision = ["Science Museum"] },
            "You have 13 partners in the pipeline, 4 of them formalised or active; 1 partner moved on and 2 new candidates joined this week. " +
            "Needs attention: 3 next steps are overdue. Science Museum is waiting for a decision."
        },
        {
            new DigestFacts
            {
                CountsByStage = Pipeline,
                MovedThisWeek = 2,
                SunsetRecommendations = ["Tech4Good"],
                HealthAlerts = ["Tech4Good", "Green Roots"],
                OverdueSteps = 1,
                AwaitingDecision = ["Aarhus University", "City Council", "Science Museum", "Roskilde Youth Services"],
                UncoveredNeeds = ["A room for weekend workshops"],
            },
            "You have 13 partners in the pipeline, 4 of them formalised or active; 2 partners moved on this week. " +
            "Needs attention: Tech4Good has been in poor health for a while and should be reviewed, renegotiated or ended, the health of Green Roots is slipping and 1 next step is overdue. " +
            "Aarhus University, City Council and 2 more are waiting for a decision and no candidate covers \"A room for weekend workshops\" yet."
        },
        {
            new DigestFacts { CountsByStage = Pipeline, ConcentrationWarnings = ["Half of your active partners are market partners."], UncoveredNeeds = ["a", "b"] },
            "You have 13 partners in the pipeline, 4 of them formalised or active; nothing moved this week. " +
            "Half of your active partners are market partners and 2 needs have no candidate yet."
        },
        {
            new DigestFacts { CountsByStage = Pipeline, UnreachablePeople = 1 },
            "You have 13 partners in the pipeline, 4 of them formalised or active; nothing moved this week. " +
            "I could not reach 1 person; ask them to open a chat with PartnerBot."
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Narrate_SaysWhatMattersFromTheFigures(DigestFacts facts, string expected) =>
        Assert.Equal(expected, await new RuleBasedDigestNarrator().NarrateAsync(facts, CancellationToken.None));

    [Fact]
    public void Narrate_NeverMoreThanThreeSentences()
    {
        var everything = new DigestFacts
        {
            CountsByStage = Pipeline,
            SunsetRecommendations = ["A"],
            OverdueSteps = 5,
            AwaitingDecision = ["B"],
            ConcentrationWarnings = ["C carries too much."],
            UncoveredNeeds = ["D"],
            UnreachablePeople = 4,
        };

        var text = RuleBasedDigestNarrator.Narrate(everything);

        Assert.Equal(3, text.Split(". ").Length);
    }
}
