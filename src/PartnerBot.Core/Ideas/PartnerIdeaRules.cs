using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Ideas;

/// <summary>
/// The rule table behind the default ideas, taken from the seeds: 001 (engagement with partners),
/// 002 (assessment of library needs) and 003 (the Out of the Box partnership report).
/// </summary>
public static class PartnerIdeaRules
{
    /// <summary>Seed 003 on commercial partners: do not dismiss them, but guard the library's values and avoid a monopoly.</summary>
    public const string CommercialCaution =
        "The library is a commercial-free space: check the offer against your values, and have several partners so no one company gets a monopoly.";

    /// <summary>Seed 003: sponsorship and funding follow different rules from a partnership.</summary>
    public const string FundingCaution =
        "Sponsorship and funding are not partnerships: decide beforehand what your library will and will not compromise on.";

    /// <summary>Words in a need's description that point to particular partners, checked before the need's kind.</summary>
    public static IReadOnlyList<(string[] Keywords, PartnerIdea Idea)> KeywordRules { get; } =
    [
        (["job", "jobs", "employ", "career", "workforce", "unemploy"], new(PartnerType.LocalGovernment, "the city's youth and workforce services",
            "They know the community's needs and have expertise, trainers and often resources for career courses; the library adds classrooms and computers.")),
        (["3d", "robot", "coding", "programming", "ai", "maker", "printer"], new(PartnerType.PrivateCompany, "IT companies",
            "IT companies have brought equipment such as robots that patrons can borrow to learn programming, and training beyond basic computer skills.", CommercialCaution)),
        (["digital", "literacy", "inclusion", "computer"], new(PartnerType.Nonprofit, "community organisations working on digital inclusion",
            "Organisations that share the mission of digital inclusion can extend your training to residents in disadvantaged areas.")),
        (["child", "children", "kids", "famil", "homework", "pupil", "student", "teen", "youth"], new(PartnerType.SchoolDistrict, "schools and children's learning organisations",
            "Schools share your interest in learning; library programmes can complement school education as extracurricular activities.")),
        (["health", "healthy", "wellbeing"], new(PartnerType.LocalGovernment, "the local health authority",
            "A health exchange with the local health authority brings health expertise into the library, which brings the reach.")),
        (["green", "sustainab", "energy", "climate", "environment"], new(PartnerType.Nonprofit, "nonprofits advocating green energy and sustainability",
            "Nonprofits advocate community initiatives such as green energy and sustainable development and look for a trusted platform to reach residents.")),
        (["history", "heritage", "exhibit", "art", "culture", "music", "theatre", "theater"], new(PartnerType.CulturalInstitution, "museums, theatres and cultural organisations",
            "Cultural institutions bring collections and programmes; together you can stage richer and more diverse events.")),
        (["design", "innovation", "makerspace"], new(PartnerType.Individual, "professional designers and design companies",
            "Designers can help manage innovation initiatives and the makerspace and design new ideas with residents.")),
        (["senior", "elderly", "older"], new(PartnerType.Nonprofit, "senior centres and nursing homes",
            "Senior centres and nursing homes already reach older residents and can co-host programmes for them.")),
        (["research", "study", "evaluat", "webinar", "lecture"], new(PartnerType.UniversityOrResearch, "a nearby university or research institute",
            "Professors can host webinars and workshops on emerging topics; students may take on a project as their thesis.")),
        (["volunteer"], new(PartnerType.Nonprofit, "voluntary organisations and community groups",
            "Voluntary organisations can supply volunteers to run workshops and programmes for residents.")),
        (["consult", "reach", "marginal", "underserved", "hard to reach"], new(PartnerType.FederalGovernment, "state and federal agencies seeking community input",
            "Agencies often struggle to reach marginalised communities; the library's trust and reach are what you offer them.")),
    ];

    /// <summary>The ideas for each kind of need.</summary>
    public static IReadOnlyDictionary<NeedKind, IReadOnlyList<PartnerIdea>> KindRules { get; } = new Dictionary<NeedKind, IReadOnlyList<PartnerIdea>>
    {
        [NeedKind.Technology] =
        [
            new(PartnerType.PrivateCompany, "IT companies",
                "IT companies can bring advanced equipment (3D printers, AI tools, robotics) into your makerspace, and training for patrons.", CommercialCaution),
            new(PartnerType.UniversityOrResearch, "universities and academic institutions",
                "Academic institutions give access to advanced technology and can teach beyond basic computer skills."),
            new(PartnerType.Individual, "local developers",
                "Developers can run hackathons and coding sessions that make the technology useful to residents."),
        ],
        [NeedKind.HumanResources] =
        [
            new(PartnerType.SchoolDistrict, "schools",
                "Partnering with schools can give you volunteers to run workshops and programmes for residents."),
            new(PartnerType.UniversityOrResearch, "universities",
                "Professors can host workshops on emerging topics, and students can join as volunteers or through their thesis."),
            new(PartnerType.Individual, "designers, developers, writers and artists",
                "Individuals with the skills you lack can run exhibits, hackathons and book discussions with you."),
            new(PartnerType.Nonprofit, "voluntary organisations",
                "Voluntary organisations and community groups bring people and experience with residents."),
        ],
        [NeedKind.Space] =
        [
            new(PartnerType.LocalGovernment, "your local government",
                "The local government is usually the library's most important partner and decides on buildings and spaces for community engagement."),
            new(PartnerType.CulturalInstitution, "museums, science centres and cultural organisations",
                "Sharing resources is one of the gains of partnership: a cultural institution may host events in its spaces, and you in yours."),
        ],
        [NeedKind.Financial] =
        [
            new(PartnerType.Nonprofit, "foundations, donors and fundraisers",
                "Sponsors and fundraisers both fund and connect: donors like to link the organisations they support.", FundingCaution),
            new(PartnerType.LocalGovernment, "your local government",
                "A partnership with the city that shows your part in its smart-city strategy can lead to more funding."),
            new(PartnerType.PrivateCompany, "local businesses, large and small",
                "Businesses gain credibility and a good reputation from working with a public library, and often help for free or at low cost.", CommercialCaution),
        ],
    };
}
