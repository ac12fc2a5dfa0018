using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Propositions;
using static PartnerBot.Core.Tests.Language.LanguageTestData;

namespace PartnerBot.Core.Tests.Language;

public class TemplatePropositionDrafterTests
{
    private static PropositionContext Context(Partner partner, params NeedsAssessment[] assessments) => new()
    {
        LibraryName = "Roskilde Libraries",
        SenderName = "Mette Jensen",
        Partner = partner,
        NeedsAssessments = assessments,
        Offers = assessments.SelectMany(a => a.Offers).ToList(),
        Screenings = [ScreeningWith(partner.Id, "Strong hands-on science education; weak on adult programmes")],
    };

    [Fact]
    public async Task Draft_UsesGoalNeedsOffersAndSender()
    {
        var needs = new[]
        {
            Need("n1", NeedKind.Technology, "3D printers and robotics kits for the makerspace", NeedPriority.High),
            Need("n2", NeedKind.Space, "A room for weekend workshops", NeedPriority.Low),
        };
        var partner = Partner("p1", "Science Museum", needIds: "n1") with { Clusters = ["education", "digital inclusion"] };
        var context = Context(partner, NeedsAssessmentFor("Digital skills for seniors", needs, "rooms", "reach into neighbourhoods agencies find hard to reach"));

        var draft = await new TemplatePropositionDrafter().DraftAsync(context, CancellationToken.None);

        Assert.False(draft.FromModel);
        Assert.StartsWith("Dear Science Museum,", draft.Text, StringComparison.Ordinal);
        Assert.Contains("digital skills for seniors", draft.Text, StringComparison.Ordinal);
        Assert.Contains("3D printers and robotics kits for the makerspace (technology)", draft.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("A room for weekend workshops", draft.Text, StringComparison.Ordinal);
        Assert.Contains("- Reach into neighbourhoods agencies find hard to reach", draft.Text, StringComparison.Ordinal);
        Assert.Contains("education and digital inclusion", draft.Text, StringComparison.Ordinal);
        Assert.EndsWith("Mette Jensen\nRoskilde Libraries", draft.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_NeverQuotesStaffNotes()
    {
        var context = Context(Partner("p1", "Science Museum"), NeedsAssessmentFor("Makerspace", [Need("n1", NeedKind.Technology, "Robots")], "rooms"));

        var draft = await new TemplatePropositionDrafter().DraftAsync(context, CancellationToken.None);

        Assert.DoesNotContain("weak on adult programmes", draft.Text, StringComparison.Ordinal);
        Assert.Contains("weak on adult programmes", context.StaffNotes()[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RelationshipKind.Partnership, "Where you could make a difference:")]
    [InlineData(RelationshipKind.Sponsorship, "What your support would make possible:")]
    [InlineData(RelationshipKind.Funding, "What your support would make possible:")]
    public async Task Draft_WordsNeedsByRelationship(RelationshipKind relationship, string heading)
    {
        var partner = Partner("p1", "Nordea Fonden", PartnerType.Nonprofit, Sector.Civic) with { Relationship = relationship };
        var context = Context(partner, NeedsAssessmentFor("Makerspace", [Need("n1", NeedKind.Financial, "Two years of staff time") with { Term = NeedTerm.LongTerm }]));

        var draft = await new TemplatePropositionDrafter().DraftAsync(context, CancellationToken.None);

        Assert.Contains(heading, draft.Text, StringComparison.Ordinal);
        Assert.Contains("Two years of staff time (long-term funding)", draft.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_WithoutAnyAssessment_StillReadsWell()
    {
        var context = Context(Partner("p1", "Aarhus University", PartnerType.UniversityOrResearch));

        var draft = await new TemplatePropositionDrafter().DraftAsync(context, CancellationToken.None);

        Assert.Contains("We are looking for partners to create something for our community", draft.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("What we can offer", draft.Text, StringComparison.Ordinal);
        Assert.Contains("short meeting", draft.Text, StringComparison.Ordinal);
    }
}
