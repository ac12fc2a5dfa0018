using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;
using static PartnerBot.Core.Tests.Language.LanguageTestData;

namespace PartnerBot.Core.Tests.Rules;

/// <summary>One lookup for every command that names a partner: by id, exact name first, then contained, then fuzzy.</summary>
public class PartnerLookupTests
{
    private static readonly WorkspaceKey Ws = new("tenant-a", "default");

    private static readonly IReadOnlyList<Partner> Pipeline =
    [
        Partner("p1", "Science Museum"),
        Partner("p2", "Science Museum Friends"),
        Partner("p3", "Green Roots Association"),
        Partner("p4", "City Council"),
        Partner("p5", "County Council"),
        Partner("p6", "Oak Hall"),
        Partner("p7", "Oak Hill"),
    ];

    private static PartnerChoice Find(string arguments, IReadOnlyDictionary<string, string>? entities = null) =>
        PartnerLookup.Find(Pipeline, Request(Ws, arguments, entities), ScreeningFlow.ScreenCommand);

    private static string TextOf(PartnerChoice choice) => choice.Replies.Single() switch
    {
        TextReply t => t.Text,
        CardReply c => c.Card.ToJson().ToJsonString(),
        var other => other.ToString()!,
    };

    [Theory]
    [InlineData("Science Museum", "p1")]            // exact beats the longer name that contains it
    [InlineData("science museum friends", "p2")]
    [InlineData("green roots", "p3")]               // the one name that contains it
    [InlineData("sciense musuem", "p1")]            // typos
    [InlineData("the Science Musem", "p1")]
    [InlineData("Grean Roots Asociation", "p3")]
    [InlineData("city councl", "p4")]
    public void Find_ByName_OnePartner(string typed, string expectedId)
    {
        var choice = Find(typed);

        Assert.Equal(expectedId, choice.Partner?.Id);
        Assert.Empty(choice.Replies);
    }

    [Theory]
    [InlineData("council")]     // contained in two names
    [InlineData("science")]
    [InlineData("oak hxll")]    // equally close to two names
    public void Find_Ambiguous_AsksWhichOne(string typed)
    {
        var choice = Find(typed);

        Assert.Null(choice.Partner);
        Assert.Contains("Several partners match", TextOf(choice), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Natural History Museum", "found no partner called")]
    [InlineData("", "Which partner?")]
    public void Find_NoneOrNothingTyped_Explains(string typed, string expected)
    {
        var choice = Find(typed);

        Assert.Null(choice.Partner);
        Assert.Contains(expected, TextOf(choice), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p3", "p3")]
    [InlineData("p999", null)]
    public void Find_ById_OnlyThisWorkspacesPartners(string id, string? expectedId)
    {
        var choice = Find("science museum", new Dictionary<string, string> { ["partner"] = id });

        Assert.Equal(expectedId, choice.Partner?.Id);
        if (expectedId is null)
        {
            Assert.Equal(PartnerLookup.Gone, TextOf(choice));
        }
    }

    [Fact]
    public void Find_OverlongId_IsNotLookedUp()
    {
        var longId = new string('p', PartnerLookup.MaxIdLength + 1);
        IReadOnlyList<Partner> pipeline = [Partner(longId, "Forged")];

        var choice = PartnerLookup.Find(pipeline, Request(Ws, "", new Dictionary<string, string> { ["partner"] = longId }), ScreeningFlow.ScreenCommand);

        Assert.Null(choice.Partner);
    }

    // 'draft sciense musuem' goes through the same lookup: LanguageHandlerTests.Draft_ByTypedName_ShowsDraftCardFromThisWorkspaceOnly.
    [Fact]
    public async Task Screen_TypedWithTypos_FindsThePartner()
    {
        var bot = new TestBot();
        var t = bot.Talk("t-lookup", "u1", "Ana");
        await t.AddPartnerAsync("Science Museum", type: "CulturalInstitution");
        await t.AddPartnerAsync("Job Centre");

        await t.SayAsync("screen sciense musuem");

        Assert.Contains("Submit ratings", t.Text, StringComparison.Ordinal);
        Assert.Contains("Science Museum", t.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Job Centre", t.Text, StringComparison.Ordinal);
    }
}
