using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Cards.Introductions;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Introductions;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Tests.FollowThrough;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Introductions;

/// <summary>Which community actors to introduce to each other and why, who may set an outcome, and what a record must hold: one table of cases each.</summary>
public class IntroductionRulesTests
{
    private static readonly NeedsAssessment Seniors = new()
    {
        Id = "a1",
        Goal = "Digital seniors",
        TargetUsers = "seniors",
        Needs =
        [
            new Need { Id = "n1", Kind = NeedKind.Technology, Description = "Laptops for lessons" },
            new Need { Id = "n2", Kind = NeedKind.HumanResources, Description = "Volunteer tutors" },
        ],
        CreatedByUserId = "m1",
        UpdatedAt = Seed.Now,
    };

    private static readonly NeedsAssessment Homework = new()
    {
        Id = "a2",
        Goal = "Homework club",
        Needs = [new Need { Id = "n3", Kind = NeedKind.Space, Description = "A quiet room" }],
        CreatedByUserId = "m1",
        UpdatedAt = Seed.Now,
    };

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Partner P(string id, string name, string[]? clusters = null, string[]? needs = null, PartnerStage stage = PartnerStage.Identified, bool archived = false, string? contact = null) =>
        Seed.Partner(id, stage, contact: contact, needs: needs ?? []) with
        {
            Name = name,
            Clusters = clusters ?? [],
            Archived = archived ? new PartnerArchive(Seed.Now, "m1") : null,
        };

    private static Introduction Intro(string first, string second, IntroductionOutcome outcome = IntroductionOutcome.Pending, DateOnly? on = null, string by = "u9") => new()
    {
        Id = $"i-{first}-{second}",
        FirstPartnerId = first,
        SecondPartnerId = second,
        Reason = "They should meet.",
        IntroducedOn = on ?? Seed.Today,
        RecordedByUserId = by,
        RecordedAt = Seed.Now,
        Outcome = outcome,
    };

    public static TheoryData<string, Partner, Partner, Introduction[], IntroductionReasonKind?, int, string?> Pairs => new()
    {
        {
            "shared cluster, ignoring case",
            P("a", "City Museum", clusters: ["digital inclusion"]), P("b", "Makers Guild", clusters: ["Digital Inclusion", "arts"]), [],
            IntroductionReasonKind.SharedCluster, 2, "City Museum and Makers Guild both work on digital inclusion."
        },
        {
            "shared cluster within one program names its users",
            P("a", "SilverSurfers Foundation", clusters: ["digital inclusion"], needs: ["n1"]), P("b", "Youth/Workforce Dept", clusters: ["digital inclusion"], needs: ["n2"]), [],
            IntroductionReasonKind.SharedCluster, 3, "SilverSurfers Foundation and Youth/Workforce Dept both work on digital inclusion for seniors."
        },
        {
            "shared need: same users, same need",
            P("a", "City Museum", needs: ["n1"]), P("b", "Tech Co-op", needs: ["n1"]), [],
            IntroductionReasonKind.SharedNeed, 3, "City Museum and Tech Co-op could both help with laptops for lessons for \"Digital seniors\", serving seniors."
        },
        {
            "offer covers another need of the same program",
            P("a", "Tech Co-op", needs: ["n1"]), P("b", "Volunteer Centre", needs: ["n2"]), [],
            IntroductionReasonKind.Complementary, 1, "For \"Digital seniors\" for seniors, Tech Co-op could offer laptops for lessons and Volunteer Centre volunteer tutors: together they cover more of it."
        },
        {
            "needs of different programs connect nobody",
            P("a", "Tech Co-op", needs: ["n1"]), P("b", "Scout Hall", needs: ["n3"]), [],
            null, 0, null
        },
        {
            "nothing in common",
            P("a", "City Museum", clusters: ["heritage"]), P("b", "Tech Co-op", clusters: ["technology"]), [],
            null, 0, null
        },
        {
            "never an archived partner",
            P("a", "City Museum", clusters: ["heritage"], archived: true), P("b", "History Society", clusters: ["heritage"]), [],
            null, 0, null
        },
        {
            "never an ended partnership",
            P("a", "City Museum", clusters: ["heritage"]), P("b", "History Society", clusters: ["heritage"], stage: PartnerStage.Ended), [],
            null, 0, null
        },
        {
            "never a pair already introduced",
            P("a", "City Museum", clusters: ["heritage"]), P("b", "History Society", clusters: ["heritage"]), [Intro("a", "b")],
            null, 0, null
        },
        {
            "never a pair already introduced the other way round",
            P("a", "City Museum", clusters: ["heritage"]), P("b", "History Society", clusters: ["heritage"]), [Intro("b", "a")],
            null, 0, null
        },
        {
            "an introduction of others does not hide the pair",
            P("a", "City Museum", clusters: ["heritage"]), P("b", "History Society", clusters: ["heritage"]), [Intro("a", "c")],
            IntroductionReasonKind.SharedCluster, 2, "City Museum and History Society both work on heritage."
        },
        {
            "never a partner with itself (listed twice)",
            P("a", "City Museum", clusters: ["heritage"], needs: ["n1"]), P("a", "City Museum", clusters: ["heritage"], needs: ["n1"]), [],
            null, 0, null
        },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Suggest_OnePair(string because, Partner first, Partner second, Introduction[] introduced, IntroductionReasonKind? kind, int score, string? reason)
    {
        var suggestions = IntroductionRules.Suggest([first, second], [Seniors, Homework], introduced);

        if (kind is null)
        {
            Assert.True(suggestions.Count == 0, because);
            return;
        }

        var suggestion = Assert.Single(suggestions);
        Assert.Equal((kind, score, reason), (suggestion.Kind, suggestion.Score, suggestion.Reason));
        Assert.Equal(["a", "b"], new[] { suggestion.First.Id, suggestion.Second.Id }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reason_OfAPartnerWithItself_IsNone()
    {
        var museum = P("a", "City Museum", clusters: ["heritage"]);

        Assert.Null(IntroductionRules.Reason(museum, museum, [Seniors]));
    }

    [Fact]
    public void Suggest_StrongestFirst_ThenByName_AndCapped()
    {
        List<Partner> partners =
        [
            P("a", "Alpha", clusters: ["heritage"]),
            P("b", "Bravo", clusters: ["heritage"]),
            P("c", "Charlie", needs: ["n1", "n2"]),
            P("d", "Delta", needs: ["n1", "n2"]),
            P("e", "Echo", needs: ["n1"], clusters: ["youth"]),
            P("f", "Foxtrot", clusters: ["youth"], needs: ["n2"]),
            P("g", "Golf", clusters: ["heritage"], archived: true),
        ];

        var all = IntroductionRules.Suggest(partners, [Seniors], [], cap: 100);
        var capped = IntroductionRules.Suggest(partners, [Seniors], [], cap: 3);

        // c–d share two needs (6); then the shared need with one more cluster or program; Golf (archived) never.
        Assert.Equal(("Charlie", "Delta", 6), (all[0].First.Name, all[0].Second.Name, all[0].Score));
        Assert.Equal(all.Select(s => s.Score).OrderDescending(), all.Select(s => s.Score));
        Assert.DoesNotContain(all, s => s.First.Id == "g" || s.Second.Id == "g");
        Assert.Equal(all.Take(3).Select(s => (s.First.Id, s.Second.Id)), capped.Select(s => (s.First.Id, s.Second.Id)));
        Assert.Equal(IntroductionRules.MaxSuggestions, IntroductionRules.Suggest(partners, [Seniors], []).Count);
        // Equal scores: the stronger kind first, then by name.
        var threes = all.Where(s => s.Score == 3).ToList();
        Assert.Equal(threes.OrderBy(s => s.Kind).ThenBy(s => s.First.Name, StringComparer.Ordinal).Select(s => s.First.Id + s.Second.Id), threes.Select(s => s.First.Id + s.Second.Id));
        Assert.Contains(all, s => (s.First.Id, s.Second.Id) == ("a", "b") && s.Kind == IntroductionReasonKind.SharedCluster);
    }

    [Fact]
    public void Suggest_AReasonAlwaysFitsTheLimit()
    {
        var longName = new string('N', 200);
        var need = new Need { Id = "n9", Kind = NeedKind.Space, Description = new string('d', 400) };
        var program = Seniors with { Needs = [need], TargetUsers = new string('t', 300) };

        var suggestion = Assert.Single(IntroductionRules.Suggest([P("a", longName + "A", needs: ["n9"]), P("b", longName + "B", needs: ["n9"])], [program], []));

        Assert.True(suggestion.Reason.Length <= IntroductionRules.MaxReason, $"{suggestion.Reason.Length} characters");
    }

    public static TheoryData<string, WorkspaceRole, string, string?, bool> OutcomeSetters => new()
    {
        { "the person who recorded it", WorkspaceRole.Staff, "u9", null, true },
        { "the contact of the first partner", WorkspaceRole.Staff, "u1", "u1", true },
        { "other staff", WorkspaceRole.Staff, "u2", "u1", false },
        { "a manager", WorkspaceRole.Manager, "u3", null, true },
        { "an admin", WorkspaceRole.Admin, "u4", null, true },
    };

    [Theory]
    [MemberData(nameof(OutcomeSetters))]
    public void MaySetOutcome(string who, WorkspaceRole role, string userId, string? contactOfFirst, bool may)
    {
        var caller = new Caller(new UserRef("t1", userId, "Someone"), new WorkspaceKey("t1", "default"), role);
        var first = P("a", "City Museum", contact: contactOfFirst);
        var second = P("b", "Tech Co-op", contact: "u8");

        Assert.True(may == IntroductionRules.MaySetOutcome(caller, Intro("a", "b", by: "u9"), first, second), who);
    }

    [Fact]
    public void MaySetOutcome_TheContactOfTheSecondPartner()
    {
        var caller = new Caller(new UserRef("t1", "u8", "Someone"), new WorkspaceKey("t1", "default"), WorkspaceRole.Staff);

        Assert.True(IntroductionRules.MaySetOutcome(caller, Intro("a", "b"), P("a", "City Museum"), P("b", "Tech Co-op", contact: "u8")));
    }

    public static TheoryData<string, Partner, Partner, Introduction[], string?> PairChecks => new()
    {
        { "two partners", P("a", "City Museum"), P("b", "Tech Co-op"), [], null },
        { "the same partner twice", P("a", "City Museum"), P("a", "City Museum"), [], "An introduction needs two different partners." },
        { "an archived partner", P("a", "City Museum"), P("b", "Tech Co-op", archived: true), [], "Tech Co-op is archived; restore it first to introduce it." },
        { "already introduced", P("a", "City Museum"), P("b", "Tech Co-op"), [Intro("b", "a", on: new DateOnly(2026, 11, 2))], "City Museum and Tech Co-op were already introduced on 2 Nov 2026; record what came of it instead." },
        // Suggestions leave ended partnerships out; a person may still record that they introduced one.
        { "an ended partnership", P("a", "City Museum", stage: PartnerStage.Ended), P("b", "Tech Co-op"), [], null },
    };

    [Theory]
    [MemberData(nameof(PairChecks))]
    public void CheckPair(string because, Partner first, Partner second, Introduction[] existing, string? problem) =>
        Assert.True(problem == IntroductionRules.CheckPair(first, second, existing), because);

    [Theory]
    [InlineData("Both run sessions for seniors.", 0, null)]
    [InlineData("", 0, "Say in a sentence why they should meet (at most 500 characters).")]
    [InlineData("Both run sessions for seniors.", 1, "The day of the introduction cannot be in the future.")]
    [InlineData("Both run sessions for seniors.", -40, null)]
    public void CheckEntry(string reason, int daysFromToday, string? problem) =>
        Assert.Equal(problem, IntroductionRules.CheckEntry(reason, Seed.Today.AddDays(daysFromToday), Seed.Today));

    [Fact]
    public void CheckEntry_ALongReason_IsRefusedWithItsLength()
    {
        Assert.Null(IntroductionRules.CheckEntry(new string('r', IntroductionRules.MaxReason), Seed.Today, Seed.Today));
        Assert.Equal("Why they should meet may be at most 500 characters (it has 501). Please shorten it and send again.",
            IntroductionRules.CheckEntry(new string('r', IntroductionRules.MaxReason + 1), Seed.Today, Seed.Today));
    }

    [Fact]
    public void Digest_CountsThisMonthsIntroductions_AndTheJointProjects_NotArchivedPartnersOrOtherMonths()
    {
        List<Partner> partners = [P("a", "City Museum"), P("b", "Tech Co-op"), P("c", "Scout Hall"), P("z", "Gone", archived: true)];
        Introduction[] introductions =
        [
            Intro("a", "b", IntroductionOutcome.JointProject),
            Intro("a", "c", IntroductionOutcome.InTouch, on: Seed.Today.AddDays(-20)),
            Intro("b", "c", IntroductionOutcome.JointProject, on: new DateOnly(2026, 10, 30)),
            Intro("a", "z", IntroductionOutcome.JointProject),
        ];

        var digest = DigestBuilder.Build(new DigestInput
        {
            Workspace = new Workspace { Key = new WorkspaceKey("t1", "default"), Name = "Riverside", CreatedAt = Seed.Now, CreatedByUserId = "m1" },
            Partners = partners,
            Introductions = introductions,
            WeekStart = Seed.Now.AddDays(-7),
            Today = Seed.Today,
            Week = "2026-W48",
        });

        Assert.Equal(new IntroductionsThisMonth(2, 1), digest.Introductions);
        Assert.Equal("2 introductions this month; 1 led to a joint project", DigestCard.IntroductionsLine(digest.Introductions));
        Assert.Equal("1 introduction this month", DigestCard.IntroductionsLine(new IntroductionsThisMonth(1, 0)));
        Assert.Contains("2 introductions this month; 1 led to a joint project", DigestCard.Build(digest, "A quiet week.").ToJson().ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PartnerBlock_NewestFirst_HidesArchivedPartners_AndOffersOutcomeOnlyToWhoMaySetIt()
    {
        var museum = P("a", "City Museum", contact: "u1");
        Dictionary<string, Partner> partners = new()
        {
            ["a"] = museum,
            ["b"] = P("b", "Tech Co-op"),
            ["c"] = P("c", "Scout Hall"),
            ["z"] = P("z", "Old Mill", archived: true),
        };
        var data = new PartnerIntroductions(
            [
                new(Intro("a", "b", on: Seed.Today.AddDays(-9)), "e1"),
                new(Intro("c", "a", IntroductionOutcome.InTouch, on: Seed.Today.AddDays(-2)), "e2"),
                new(Intro("a", "z"), "e3"),
                new(Intro("b", "c"), "e4"),
            ],
            partners);
        Caller Viewer(string id) => new(new UserRef("t1", id, "Someone"), new WorkspaceKey("t1", "default"), WorkspaceRole.Staff);

        var contact = new AdaptiveCard { Body = [.. IntroductionCards.PartnerBlock(museum, data, Viewer("u1"))] }.ToJson().ToJsonString(Relaxed);
        var other = new AdaptiveCard { Body = [.. IntroductionCards.PartnerBlock(museum, data, Viewer("u2"))] }.ToJson().ToJsonString(Relaxed);

        Assert.True(contact.IndexOf("Introduced to Scout Hall · in touch", StringComparison.Ordinal) < contact.IndexOf("Introduced to Tech Co-op · outcome not recorded yet", StringComparison.Ordinal));
        Assert.Contains("Introduced to Tech Co-op", contact, StringComparison.Ordinal);
        Assert.DoesNotContain("Old Mill", contact, StringComparison.Ordinal);
        Assert.Equal(2, contact.Split("\"title\":\"Outcome\"").Length - 1);
        Assert.DoesNotContain(IntroductionCards.OutcomeOpenAction, other, StringComparison.Ordinal);
        Assert.Empty(IntroductionCards.PartnerBlock(P("q", "Quiet Trust"), data, Viewer("u1")));
    }

    [Theory]
    [InlineData("City Museum and Tech Co-op", new[] { "City Museum|Tech Co-op" })]
    [InlineData("Youth and Workforce Dept and Tech Co-op", new[] { "Youth|Workforce Dept and Tech Co-op", "Youth and Workforce Dept|Tech Co-op" })]
    [InlineData("City Museum & Tech Co-op", new[] { "City Museum|Tech Co-op" })]
    [InlineData("City Museum", new string[0])]
    [InlineData("and Tech Co-op", new string[0])]
    public void Introduce_ReadsEverySplitOfTheTwoNames(string text, string[] splits) =>
        Assert.Equal(splits, IntroductionsFlow.Splits(text).Select(s => s.Left + "|" + s.Right));
}
