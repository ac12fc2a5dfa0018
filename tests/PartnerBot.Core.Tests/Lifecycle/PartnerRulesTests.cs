using PartnerBot.Core.Assessment;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Tests.FollowThrough;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Lifecycle;

/// <summary>The rules of archiving, erasing and telling a new partner from one already there.</summary>
public class PartnerRulesTests
{
    private static readonly WorkspaceKey Ws = new("t1", "default");

    private static Partner Archived(Partner p) => p with { Archived = new PartnerArchive(Seed.Now, "m1") };

    [Theory]
    [InlineData("City Museum", "city museum")]
    [InlineData("City Museum", "city-museum.")]
    [InlineData("City Museum", "  CITY   Museum ")]
    [InlineData("City Museum", "CityMuseum")]
    [InlineData("Cité Musée", "cite musee")]
    [InlineData("R&D Lab #2", "r d lab 2")]
    public void FoldName_CaseSpacesPunctuationAndAccents_Fold(string a, string b) =>
        Assert.Equal(PartnerRules.FoldName(a), PartnerRules.FoldName(b));

    [Theory]
    [InlineData("City Museum", "City Museums")]
    [InlineData("City Museum", "Town Museum")]
    [InlineData("Lab 2", "Lab 3")]
    public void FoldName_DifferentNames_StayDifferent(string a, string b) =>
        Assert.NotEqual(PartnerRules.FoldName(a), PartnerRules.FoldName(b));

    [Fact]
    public void SameName_FindsAPartnerInPlay_NotAnArchivedOne_NorNothingForPunctuation()
    {
        var museum = Seed.Partner("a", PartnerStage.Screened) with { Name = "City Museum" };
        var archived = Archived(Seed.Partner("b", PartnerStage.Screened) with { Name = "Old Library" });

        Assert.Equal("a", PartnerRules.SameName([museum, archived], "city-museum")?.Id);
        Assert.Null(PartnerRules.SameName([museum, archived], "old library"));
        Assert.Null(PartnerRules.SameName([museum, archived], "?!"));
    }

    [Theory]
    [InlineData(WorkspaceRole.Staff, "u1", "u1", LifecycleCheck.Allowed)]
    [InlineData(WorkspaceRole.Staff, "u2", "u1", LifecycleCheck.NotManager)]
    [InlineData(WorkspaceRole.Manager, "u2", "u1", LifecycleCheck.Allowed)]
    [InlineData(WorkspaceRole.Admin, "u2", "u1", LifecycleCheck.Allowed)]
    public void CanArchive_ManagersAdminsAndWhoAddedIt(WorkspaceRole role, string caller, string creator, LifecycleCheck expected) =>
        Assert.Equal(expected, PartnerRules.CanArchive(role, caller, Seed.Partner("p", PartnerStage.Identified) with { CreatedByUserId = creator }));

    [Theory]
    [InlineData(WorkspaceRole.Staff, PartnerType.Individual, LifecycleCheck.NotManager)]
    [InlineData(WorkspaceRole.Manager, PartnerType.Individual, LifecycleCheck.Allowed)]
    [InlineData(WorkspaceRole.Admin, PartnerType.Individual, LifecycleCheck.Allowed)]
    [InlineData(WorkspaceRole.Admin, PartnerType.Nonprofit, LifecycleCheck.NotAPerson)]
    [InlineData(WorkspaceRole.Manager, PartnerType.PrivateCompany, LifecycleCheck.NotAPerson)]
    public void CanErase_OnlyManagersAndAdmins_OnlyAPrivatePerson(WorkspaceRole role, PartnerType type, LifecycleCheck expected) =>
        Assert.Equal(expected, PartnerRules.CanErase(role, Seed.Partner("p", PartnerStage.Identified) with { Type = type, CreatedByUserId = "u1" }));

    private static OutboxMessage Message(string key, string payload, WorkspaceKey? ws = null) => new()
    {
        Key = key,
        Workspace = ws ?? Ws,
        RecipientUserId = "u1",
        PayloadJson = payload,
        NextAttemptAt = Seed.Now,
        CreatedAt = Seed.Now,
    };

    [Theory]
    [InlineData("review|t1/default|p0000000000000aa|h1|m1", "[{\"text\":\"Someone is now under review.\"}]", true)]
    [InlineData("nudge|t1/default|u1|QuietPartner|x|2026-11-23|1", "[{\"card\":{\"actions\":[{\"data\":{\"partner\":\"p0000000000000aa\"}}]}}]", true)]
    [InlineData("prompt|s0000000000000aa", "[{\"text\":\"Call back\"}]", true)]
    [InlineData("digest|t1/default|m1|2026-W48", "[{\"card\":{\"body\":[{\"text\":\"New: Jane O\\u0027Doe\"}]}}]", true)]
    [InlineData("digest|t1/default|m1|2026-W48", "[{\"text\":\"New: jane o'doe\"}]", true)]
    [InlineData("digest|t1/default|m1|2026-W48", "[{\"text\":\"New: City Museum\"}]", false)]
    [InlineData("prompt|s0000000000000bb", "[{\"text\":\"Call back\",\"partner\":\"p0000000000000bb\"}]", false)]
    public void Names_ByIdInKeyOrContent_ByStep_OrByName(string key, string payload, bool names) =>
        Assert.Equal(names, PartnerRules.Names(Message(key, payload), Ws, "p0000000000000aa", "Jane O'Doe", ["s0000000000000aa"]));

    [Fact]
    public void Names_AnotherWorkspacesMessage_IsNeverRemoved() =>
        Assert.False(PartnerRules.Names(Message("review|p0000000000000aa", "[{\"text\":\"Jane O'Doe\"}]", new WorkspaceKey("t2", "default")), Ws, "p0000000000000aa", "Jane O'Doe", []));

    [Fact]
    public void Archived_CoversNoNeed_RanksNowhere_CountsNowhere()
    {
        var live = Seed.Partner("a", PartnerStage.Screened, needs: "n1") with { ScreeningScore = 3 };
        var archived = Archived(Seed.Partner("b", PartnerStage.Screened, needs: "n2") with { ScreeningScore = 5, Recommendation = Recommendation.Pursue });
        var activeArchived = Archived(Seed.Partner("c", PartnerStage.Active, needs: "n3"));
        List<Partner> partners = [live, archived, activeArchived];
        var assessment = new NeedsAssessment
        {
            Id = "a1",
            Goal = "Maker space",
            Needs = [.. new[] { "n1", "n2", "n3" }.Select(id => new Need { Id = id, Kind = NeedKind.Space, Description = id })],
            CreatedByUserId = "m1",
            UpdatedAt = Seed.Now,
        };

        Assert.False(NeedCoverage.Covers(archived));
        Assert.Equal(["n2", "n3"], NeedCoverage.Uncovered([assessment], partners).Select(x => x.Need.Id).Order());
        Assert.Equal(["a"], Ranking.Rank(partners).Select(r => r.Partner.Id));
        var report = PortfolioAnalysis.Analyse(partners, [assessment]);
        Assert.Equal(1, report.Pipeline.Values.Sum());
        Assert.Equal(0, report.InPlay);

        var digest = DigestBuilder.Build(new DigestInput
        {
            Workspace = new Workspace { Key = Ws, Name = "Riverside", CreatedAt = Seed.Now, CreatedByUserId = "m1" },
            Partners = partners,
            NeedsAssessments = [assessment],
            WeekStart = Seed.Now.AddDays(-400),
            Today = Seed.Today,
            Week = "2026-W48",
        });
        Assert.Equal(1, digest.Pipeline.Sum(s => s.Count));
        Assert.Equal(["Partner a"], digest.NewCandidates);
        Assert.Equal(["a"], digest.AwaitingDecision.Select(c => c.PartnerId));
        Assert.Equal(["n2", "n3"], digest.UncoveredNeeds.Select(n => n.NeedId).Order());
    }

    [Fact]
    public void Lookup_ByNameOrId_NeverPicksAnArchivedPartner()
    {
        var archived = Archived(Seed.Partner("b", PartnerStage.Screened) with { Name = "Old Library" });
        var caller = new Caller(new UserRef("t1", "u1", "Ana"), Ws, WorkspaceRole.Admin);

        var byName = PartnerLookup.Find([archived], new CommandRequest { Caller = caller, Arguments = "Old Library" }, PartnerFlow.ShowCommand);
        var byId = PartnerLookup.Find([archived], new CommandRequest { Caller = caller, Entities = new Dictionary<string, string> { ["partner"] = "b" } }, PartnerFlow.ShowCommand);

        Assert.Null(byName.Partner);
        Assert.Null(byId.Partner);
    }
}
