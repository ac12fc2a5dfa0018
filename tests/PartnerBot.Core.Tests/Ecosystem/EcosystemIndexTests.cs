using PartnerBot.Core.Ecosystem;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Introductions;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.FollowThrough;

namespace PartnerBot.Core.Tests.Ecosystem;

/// <summary>
/// Seeded workspaces with every part worked out by hand (docs/ecosystem-index.md gives the formulas): the index is the
/// weighted sum, rounded, and archived partners never count.
/// </summary>
public class EcosystemIndexTests
{
    private static readonly DateOnly Today = Seed.Today;

    public sealed record Case(string Name, EcosystemInput Input, int? Index, IReadOnlyDictionary<EcosystemPartKind, double> Scores)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() =>
    [
        new Case("empty", new EcosystemInput { Partners = [], Today = Today }, null, new Dictionary<EcosystemPartKind, double>()),
        new Case("only archived", new EcosystemInput { Partners = [Archived(Seed.Partner("x", PartnerStage.Active))], Today = Today }, null, new Dictionary<EcosystemPartKind, double>()),
        new Case("single partner", Single(), 23, new Dictionary<EcosystemPartKind, double>
        {
            [EcosystemPartKind.Breadth] = 0.1,
            [EcosystemPartKind.Balance] = 0.125,
            [EcosystemPartKind.Coverage] = 0.5,
            [EcosystemPartKind.Health] = 0,
            [EcosystemPartKind.HealthTrend] = 0.5,
            [EcosystemPartKind.FollowThrough] = 1,
            [EcosystemPartKind.Renewal] = 0,
            [EcosystemPartKind.Introductions] = 0,
            [EcosystemPartKind.Concentration] = 0,
        }),
        new Case("balanced", Balanced(), 77, new Dictionary<EcosystemPartKind, double>
        {
            [EcosystemPartKind.Breadth] = 0.6,
            [EcosystemPartKind.Balance] = 1,
            [EcosystemPartKind.Coverage] = 6.0 / 7,
            // p0's latest 5; p1's library 2 and partner 3 averaged, 2.5: (3.75 − 1) / 4.
            [EcosystemPartKind.Health] = 0.6875,
            [EcosystemPartKind.HealthTrend] = 1,
            [EcosystemPartKind.FollowThrough] = 0.75,
            [EcosystemPartKind.Renewal] = 2.0 / 3,
            [EcosystemPartKind.Introductions] = 0.5,
            [EcosystemPartKind.Concentration] = 1,
        }),
        new Case("concentrated", Concentrated(), 27, new Dictionary<EcosystemPartKind, double>
        {
            [EcosystemPartKind.Breadth] = 0.2,
            // Sector shares 25% civic, 75% market: evenness 0.5119; no clusters.
            [EcosystemPartKind.Balance] = 0.25593,
            [EcosystemPartKind.Coverage] = 1,
            [EcosystemPartKind.Health] = 0,
            [EcosystemPartKind.HealthTrend] = 0.5,
            [EcosystemPartKind.FollowThrough] = 0,
            [EcosystemPartKind.Renewal] = 0,
            [EcosystemPartKind.Introductions] = 0,
            // The market partner holds 75%: (1 − 0.75) / (1 − 0.40) = 0.4167.
            [EcosystemPartKind.Concentration] = 0.41667,
        }),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_SeededWorkspace_PartsAndIndexAsWorkedOut(Case c)
    {
        var reading = EcosystemIndex.Compute(c.Input);

        Assert.Equal(c.Index, reading.Index);
        Assert.Equal(Enum.GetValues<EcosystemPartKind>(), reading.Parts.Select(p => p.Kind));
        foreach (var (kind, score) in c.Scores)
        {
            Assert.True(Math.Abs(reading.Part(kind).Score - score) < 0.001, $"{c.Name}: {kind} is {reading.Part(kind).Score}, expected {score}");
        }

        if (c.Index is { } index)
        {
            Assert.Equal(index, (int)Math.Round(c.Scores.Sum(s => s.Value * EcosystemIndex.Weights[s.Key]), MidpointRounding.AwayFromZero));
            Assert.All(reading.Parts, p => Assert.False(string.IsNullOrWhiteSpace(p.Explanation)));
        }
        else
        {
            Assert.Equal(EcosystemIndex.EmptyExplanation, reading.NotEnoughData);
        }
    }

    [Fact]
    public void Weights_AddUpTo100()
    {
        Assert.Equal(100, EcosystemIndex.Weights.Values.Sum());
        Assert.Equal(Enum.GetValues<EcosystemPartKind>().Length, EcosystemIndex.Weights.Count);
    }

    [Fact]
    public void Compute_ArchivedPartnerAdded_NothingChanges()
    {
        var input = Balanced();
        // Without the archived partner, and without the introduction that names it.
        var without = EcosystemIndex.Compute(input with
        {
            Partners = [.. input.Partners.Where(p => !p.IsArchived)],
            Introductions = [.. input.Introductions.Where(i => !i.Involves("old"))],
        });

        var with = EcosystemIndex.Compute(input);

        Assert.Equal(without.Index, with.Index);
        Assert.Equal(without.Parts.Select(p => p.Score), with.Parts.Select(p => p.Score));
    }

    [Fact]
    public void Compute_PartnerSideAnswers_CountInHealthAndTrend()
    {
        var input = Single();
        var partner = input.Partners[0];
        var history = new PartnerHistory
        {
            HealthChecks = [Seed.Check(partner.Id, 20, 2, 2, 2, 2, 2)],
            PartnerRounds = [Round(partner.Id, 2, 4)],
        };

        var reading = EcosystemIndex.Compute(input with { Histories = new Dictionary<string, PartnerHistory> { [partner.Id] = history } });

        // Both sides' latest views count alike: (2 + 4) / 2 = 3, so health (3 − 1) / 4. A partner rating higher than the
        // library is a gap between two views, not a rise in health: with one check per side there is no trend yet.
        Assert.Equal(0.5, reading.Part(EcosystemPartKind.Health).Score, 3);
        Assert.Equal(0.5, reading.Part(EcosystemPartKind.HealthTrend).Score, 3);
        Assert.Contains("Not enough checks", reading.Part(EcosystemPartKind.HealthTrend).Explanation, StringComparison.Ordinal);

        // A second answer from the partner, 1 point lower than their first, is a trend of that side: down 1, so ½ − ½ × 1 = 0.
        var later = history with { PartnerRounds = [Round(partner.Id, 2, 4), Round(partner.Id, 1, 3)] };
        var second = EcosystemIndex.Compute(input with { Histories = new Dictionary<string, PartnerHistory> { [partner.Id] = later } });

        Assert.Equal(((2 + 3) / 2.0 - 1) / 4, second.Part(EcosystemPartKind.Health).Score, 3);
        Assert.Equal(0, second.Part(EcosystemPartKind.HealthTrend).Score, 3);
        Assert.Contains("down 1.0", second.Part(EcosystemPartKind.HealthTrend).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_AgainstLastWeek_ChangeAndPartThatMovedMost()
    {
        var reading = EcosystemIndex.Compute(Balanced());
        var lastWeek = EcosystemSnapshot.Of(reading, "2026-W47", Today.AddDays(-7), Seed.Now.AddDays(-7))! with { Index = reading.Index!.Value - 4 };
        lastWeek = lastWeek with { Points = lastWeek.Points.ToDictionary(p => p.Key, p => p.Key == EcosystemPartKind.Renewal ? p.Value - 3.5 : p.Key == EcosystemPartKind.Coverage ? p.Value + 0.5 : p.Value) };
        var older = lastWeek with { Week = "2026-W46", FirstDay = Today.AddDays(-14), Index = 50 };

        var summary = EcosystemSummary.Build(reading, "2026-W48", Today, [older, lastWeek]);

        Assert.Equal(reading.Index - 4, summary.Previous);
        Assert.Equal(4, summary.Change);
        Assert.Equal(EcosystemPartKind.Renewal, summary.MovedMost);
        Assert.Equal(3.5, summary.MovedBy, 2);
        Assert.Equal([50, reading.Index!.Value - 4, reading.Index.Value], summary.History.Select(p => p.Index));
        Assert.True(summary.HasChart);
        Assert.Equal($"{reading.Index}/100, up 4 since last week.", EcosystemCard.Headline(summary));
    }

    [Fact]
    public void Summary_FirstWeek_NoChangeNoChart_ASentenceInstead()
    {
        var summary = EcosystemSummary.Build(EcosystemIndex.Compute(Single()), "2026-W48", Today, []);

        Assert.Null(summary.Change);
        Assert.Null(summary.MovedMost);
        Assert.False(summary.HasChart);
        var texts = EcosystemCard.Section(summary).OfType<PartnerBot.Core.Cards.AdaptiveCards.TextBlock>().Select(t => t.Text.Source).ToList();
        Assert.Contains(EcosystemCard.NoChartYet, texts);
        Assert.Contains("23/100, the first week measured.", texts);
    }

    private static Partner Archived(Partner p) => p with { Archived = new PartnerArchive(Seed.Now, "m1") };

    private static Need Need(string id) => new() { Id = id, Kind = NeedKind.Technology, Description = "Need " + id };

    private static NeedsAssessment Needs(params string[] ids) => new()
    {
        Id = "na1",
        Goal = "Maker space",
        Needs = [.. ids.Select(Need)],
        CreatedByUserId = "m1",
        UpdatedAt = Seed.Now,
    };

    private static PartnerRound Round(string partnerId, int daysAgo, int score) => new()
    {
        Id = "r" + daysAgo,
        PartnerId = partnerId,
        CreatedByUserId = "u1",
        CreatedAt = Seed.Now.AddDays(-daysAgo - 1),
        ExpiresAt = Seed.Now.AddDays(10),
        Response = new PartnerResponse
        {
            Scores = Enum.GetValues<HealthQuestion>().ToDictionary(q => q, _ => score),
            SubmittedAt = Seed.Now.AddDays(-daysAgo),
        },
    };

    private static Introduction Intro(string id, string a, string b, int daysAgo) => new()
    {
        Id = id,
        FirstPartnerId = a,
        SecondPartnerId = b,
        Reason = "Both run coding clubs",
        IntroducedOn = Today.AddDays(-daysAgo),
        RecordedByUserId = "u1",
        RecordedAt = Seed.Now.AddDays(-daysAgo),
    };

    /// <summary>One active civic partner covering one need of two, in one cluster, with no checks, steps or introductions.</summary>
    private static EcosystemInput Single() => new()
    {
        Partners = [Seed.Partner("a", PartnerStage.Active, needs: ["n1"]) with { Clusters = ["education"] }],
        NeedsAssessments = [Needs("n1", "n2")],
        Today = Today,
    };

    /// <summary>
    /// Six partnerships in play, two per sector, one need each, four clusters; six of seven needs covered; two checked
    /// (one improving from 4 to 5, one the library rates 2 and the partner 3); one of four open steps overdue; two
    /// new candidates this quarter; one introduction this half year (another is older, a third names an archived partner).
    /// </summary>
    private static EcosystemInput Balanced()
    {
        string[] clusters = ["education", "digital inclusion", "health", "local history", "education", "health"];
        var live = Enumerable.Range(0, 6).Select(i => Seed.Partner($"p{i}", i % 2 == 0 ? PartnerStage.Active : PartnerStage.InTalks,
            sector: (Sector)(i % 3), needs: [$"n{i}"]) with
        { Clusters = [clusters[i]] }).ToList();
        live[4] = live[4] with { CreatedAt = Seed.Now.AddDays(-10) };
        live[5] = live[5] with { CreatedAt = Seed.Now.AddDays(-10) };
        var archived = Archived(Seed.Partner("old", PartnerStage.Active, sector: Sector.Market, needs: ["n6", "n0", "n1", "n2", "n3"]) with { CreatedAt = Seed.Now.AddDays(-5) });
        return new EcosystemInput
        {
            Partners = [.. live, archived],
            Histories = new Dictionary<string, PartnerHistory>
            {
                ["p0"] = new() { HealthChecks = [Seed.Check("p0", 100, 4, 4, 4, 4, 4), Seed.Check("p0", 10, 5, 5, 5, 5, 5)], NextSteps = [Seed.Step("s1", "p0", Today.AddDays(-1)), Seed.Step("s2", "p0", Today.AddDays(5))] },
                ["p1"] = new() { HealthChecks = [Seed.Check("p1", 100, 2, 2, 2, 2, 2)], PartnerRounds = [Round("p1", 5, 3)], NextSteps = [Seed.Step("s3", "p1", Today.AddDays(3)), Seed.Step("s4", "p1", Today), Seed.Step("s5", "p1", Today.AddDays(-9), NextStepStatus.Done)] },
                ["old"] = new() { NextSteps = [Seed.Step("s6", "old", Today.AddDays(-20))] },
            },
            NeedsAssessments = [Needs("n0", "n1", "n2", "n3", "n4", "n5", "n6")],
            Introductions = [Intro("i1", "p0", "p3", 30), Intro("i2", "p1", "p2", 300), Intro("i3", "p2", "old", 5)],
            Today = Today,
        };
    }

    /// <summary>A market partner with three needs beside a civic one with one, both overdue, nothing else.</summary>
    private static EcosystemInput Concentrated() => new()
    {
        Partners =
        [
            Seed.Partner("m", PartnerStage.Active, sector: Sector.Market, needs: ["n1", "n2", "n3"]),
            Seed.Partner("c", PartnerStage.Formalised, sector: Sector.Civic, needs: ["n4"]),
        ],
        Histories = new Dictionary<string, PartnerHistory>
        {
            ["m"] = new() { NextSteps = [Seed.Step("s1", "m", Today.AddDays(-2))] },
            ["c"] = new() { NextSteps = [Seed.Step("s2", "c", Today.AddDays(-1))] },
        },
        NeedsAssessments = [Needs("n1", "n2", "n3", "n4")],
        Today = Today,
    };
}
