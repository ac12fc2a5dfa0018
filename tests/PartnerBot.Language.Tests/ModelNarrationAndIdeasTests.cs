using Microsoft.Extensions.Logging.Abstractions;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Language.Ideas;
using PartnerBot.Language.Narration;

namespace PartnerBot.Language.Tests;

public class ModelNarrationAndIdeasTests
{
    private static readonly DigestFacts Facts = new()
    {
        CountsByStage = new Dictionary<PartnerStage, int> { [PartnerStage.Identified] = 5, [PartnerStage.Active] = 2 },
        MovedThisWeek = 1,
        OverdueSteps = 2,
        HealthAlerts = ["Green Roots"],
        AwaitingDecision = ["Science Museum"],
    };

    private static readonly Need Need = new() { Id = "n1", Kind = NeedKind.Technology, Description = "3D printers for the makerspace" };

    private static ModelDigestNarrator Narrator(FakeChat chat) => new(chat.Model(), new RuleBasedDigestNarrator(), NullLogger<ModelDigestNarrator>.Instance);

    private static ModelPartnerIdeas Ideas(FakeChat chat) => new(chat.Model(), new RuleBasedPartnerIdeas(), NullLogger<ModelPartnerIdeas>.Instance);

    [Fact]
    public async Task Narrate_ValidAnswer_IsUsed_AndThePromptCarriesTheFigures()
    {
        var chat = FakeChat.Answering("Two next steps are overdue and Green Roots needs attention. Science Museum is waiting for your decision.");

        var text = await Narrator(chat).NarrateAsync(Facts, CancellationToken.None);

        Assert.StartsWith("Two next steps are overdue", text, StringComparison.Ordinal);
        Assert.Contains("\"overdueSteps\":2", chat.LastData, StringComparison.Ordinal);
        Assert.Contains("\"healthAlerts\":[\"Green Roots\"]", chat.LastData, StringComparison.Ordinal);
        Assert.Contains("\"Active\":2", chat.LastData, StringComparison.Ordinal);
    }

    public static TheoryData<string, FakeChat> NarrationFailures => new()
    {
        { "no sentence", FakeChat.Answering("Overdue steps") },
        { "a list", FakeChat.Answering("Summary:\n- 2 overdue\n- Green Roots.") },
        { "too long", FakeChat.Answering(string.Concat(Enumerable.Repeat("This is long. ", 80))) },
        { "timeout", FakeChat.Hanging() },
        { "exception", FakeChat.Throwing() },
    };

    [Theory]
    [MemberData(nameof(NarrationFailures))]
    public async Task Narrate_ModelFails_FallsBackToTheRules(string failure, FakeChat chat)
    {
        var text = await Narrator(chat).NarrateAsync(Facts, CancellationToken.None);

        Assert.True(text == RuleBasedDigestNarrator.Narrate(Facts), failure);
    }

    [Fact]
    public async Task Suggest_ValidAnswer_KeepsValidIdeasAndAddsTheSeedCautionForCompanies()
    {
        var chat = FakeChat.Answering("""
            {"ideas":[
              {"type":"PrivateCompany","examples":"local IT firms","reason":"They lend 3D printers.","caution":null},
              {"type":"Spaceship","examples":"NASA","reason":"Space."},
              {"type":"universityorresearch","examples":"the engineering faculty","reason":"Students run printer workshops."},
              {"type":"Nonprofit","examples":"","reason":"Empty examples are dropped."}
            ]}
            """);

        var ideas = await Ideas(chat).SuggestAsync(Need, CancellationToken.None);

        Assert.Equal([PartnerType.PrivateCompany, PartnerType.UniversityOrResearch], ideas.Select(i => i.Type));
        Assert.Equal(PartnerIdeaRules.CommercialCaution, ideas[0].Caution);
        Assert.Contains("3D printers for the makerspace", chat.LastData, StringComparison.Ordinal);
    }

    public static TheoryData<string, FakeChat> IdeaFailures => new()
    {
        { "prose", FakeChat.Answering("Try IT companies and universities.") },
        { "wrong shape", FakeChat.Answering("""{"suggestions":["IT companies"]}""") },
        { "no valid idea", FakeChat.Answering("""{"ideas":[{"type":"Dragon","examples":"x","reason":"y"}]}""") },
        { "timeout", FakeChat.Hanging() },
        { "exception", FakeChat.Throwing() },
    };

    [Theory]
    [MemberData(nameof(IdeaFailures))]
    public async Task Suggest_ModelFails_FallsBackToTheRuleTable(string failure, FakeChat chat)
    {
        var ideas = await Ideas(chat).SuggestAsync(Need, CancellationToken.None);

        Assert.True(ideas.SequenceEqual(RuleBasedPartnerIdeas.Suggest(Need)), failure);
    }
}
