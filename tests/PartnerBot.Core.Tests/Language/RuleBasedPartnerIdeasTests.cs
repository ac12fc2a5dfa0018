using PartnerBot.Core.Ideas;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using static PartnerBot.Core.Tests.Language.LanguageTestData;

namespace PartnerBot.Core.Tests.Language;

public class RuleBasedPartnerIdeasTests
{
    [Theory]
    [InlineData(NeedKind.Technology, "Equipment for the makerspace", new[] { PartnerType.PrivateCompany, PartnerType.Individual, PartnerType.UniversityOrResearch })]
    [InlineData(NeedKind.HumanResources, "People with new skills", new[] { PartnerType.SchoolDistrict, PartnerType.UniversityOrResearch, PartnerType.Individual, PartnerType.Nonprofit })]
    [InlineData(NeedKind.Space, "A bigger room", new[] { PartnerType.LocalGovernment, PartnerType.CulturalInstitution })]
    [InlineData(NeedKind.Financial, "Money for the next two years", new[] { PartnerType.Nonprofit, PartnerType.LocalGovernment, PartnerType.PrivateCompany })]
    [InlineData(NeedKind.Financial, "Funding for career courses for young job seekers", new[] { PartnerType.LocalGovernment, PartnerType.Nonprofit, PartnerType.PrivateCompany })]
    [InlineData(NeedKind.HumanResources, "Volunteers to run DIGITAL skills cafés for seniors", new[] { PartnerType.Nonprofit, PartnerType.SchoolDistrict, PartnerType.UniversityOrResearch, PartnerType.Individual })]
    [InlineData(NeedKind.Technology, "Robots and coding kits", new[] { PartnerType.PrivateCompany, PartnerType.UniversityOrResearch, PartnerType.Individual })]
    [InlineData(NeedKind.Space, "Room for a local history exhibit", new[] { PartnerType.CulturalInstitution, PartnerType.LocalGovernment })]
    [InlineData(NeedKind.Technology, "An aim to artificially boost art", new[] { PartnerType.CulturalInstitution, PartnerType.PrivateCompany, PartnerType.UniversityOrResearch, PartnerType.Individual })]
    public void Suggest_KeywordsFirstThenKind_OnePerType(NeedKind kind, string description, PartnerType[] expected)
    {
        var ideas = RuleBasedPartnerIdeas.Suggest(Need("n1", kind, description));

        Assert.Equal(expected, ideas.Select(i => i.Type));
        Assert.All(ideas, i => Assert.False(string.IsNullOrWhiteSpace(i.Reason)));
    }

    [Theory]
    [InlineData(NeedKind.Technology, "3D printers")]
    [InlineData(NeedKind.Financial, "Money")]
    public void Suggest_CommercialPartner_CarriesTheMonopolyCaution(NeedKind kind, string description)
    {
        var company = RuleBasedPartnerIdeas.Suggest(Need("n1", kind, description)).Single(i => i.Type == PartnerType.PrivateCompany);

        Assert.Contains("monopoly", company.Caution, StringComparison.Ordinal);
    }

    [Fact]
    public void Suggest_NeverMoreThanFour()
    {
        var ideas = RuleBasedPartnerIdeas.Suggest(Need("n1", NeedKind.HumanResources, "Volunteers for digital health and green energy workshops for children, seniors and job seekers"));

        Assert.Equal(RuleBasedPartnerIdeas.MaxIdeas, ideas.Count);
    }
}
