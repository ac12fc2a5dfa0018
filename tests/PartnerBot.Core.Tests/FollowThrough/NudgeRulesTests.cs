using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Tests.FollowThrough;

public class NudgeRulesTests
{
    private static IReadOnlyList<NudgeCause> Run(PartnerFacts facts, NudgeSettings? settings = null) =>
        NudgeRules.Evaluate(facts, settings ?? NudgeSettings.Default, Seed.Today, TimeZoneInfo.Utc);

    [Theory]
    [InlineData(-1, NudgeKind.NextStepOverdue)]
    [InlineData(0, NudgeKind.NextStepDueSoon)]
    [InlineData(2, NudgeKind.NextStepDueSoon)]
    public void Evaluate_OpenNextStepNearOrPastDue_YieldsStepCause(int dueInDays, NudgeKind expected)
    {
        var p = Seed.Partner("p1", PartnerStage.InTalks);
        var facts = new PartnerFacts { Partner = p, History = new PartnerHistory { NextSteps = [Seed.Step("s1", "p1", Seed.Today.AddDays(dueInDays))], Interactions = [Interaction(0)] } };

        var cause = Assert.Single(Run(facts));

        Assert.Equal(expected, cause.Kind);
        Assert.Equal($"{expected}|s1|{Seed.Today.AddDays(dueInDays):yyyy-MM-dd}", cause.Key);
    }

    [Fact]
    public void Evaluate_StepDueLater_OrDone_YieldsNothing()
    {
        var p = Seed.Partner("p1", PartnerStage.InTalks);
        var facts = new PartnerFacts
        {
            Partner = p,
            History = new PartnerHistory
            {
                NextSteps = [Seed.Step("s1", "p1", Seed.Today.AddDays(3)), Seed.Step("s2", "p1", Seed.Today.AddDays(-5), NextStepStatus.Done)],
                Interactions = [Interaction(0)],
            },
        };

        Assert.Empty(Run(facts));
    }

    [Theory]
    [InlineData(PartnerStage.InTalks, 13, false)]
    [InlineData(PartnerStage.InTalks, 14, true)]
    [InlineData(PartnerStage.Active, 44, false)]
    [InlineData(PartnerStage.Active, 45, true)]
    [InlineData(PartnerStage.Identified, 400, false)]
    public void Evaluate_NoInteractionForNDays_QuietByStage(PartnerStage stage, int silentDays, bool quiet)
    {
        var p = Seed.Partner("p1", stage) with { Stage = stage };
        var facts = new PartnerFacts
        {
            Partner = p,
            History = new PartnerHistory { Interactions = [Interaction(silentDays)], Screenings = [], HealthChecks = [Seed.Check("p1", 1, 4, 4, 4, 4, 4)] },
        };

        Assert.Equal(quiet, Run(facts).Any(c => c.Kind == NudgeKind.QuietPartner));
    }

    [Theory]
    [InlineData(PartnerStage.Identified, 14, true)]
    [InlineData(PartnerStage.Identified, 13, false)]
    [InlineData(PartnerStage.Screened, 20, true)]
    [InlineData(PartnerStage.Assessed, 90, false)]
    public void Evaluate_EvaluationLeftUnfinished_Nudges(PartnerStage stage, int idleDays, bool expected)
    {
        var p = Seed.Partner("p1", stage, updated: Seed.Now.AddDays(-idleDays));

        Assert.Equal(expected, Run(new PartnerFacts { Partner = p }).Any(c => c.Kind == NudgeKind.UnfinishedEvaluation));
    }

    [Theory]
    [InlineData(90, false)]
    [InlineData(91, true)]
    public void Evaluate_ActivePartnerLastCheckedLongAgo_HealthCheckDue(int daysSinceCheck, bool due)
    {
        var p = Seed.Partner("p1", PartnerStage.Active);
        var facts = new PartnerFacts { Partner = p, History = new PartnerHistory { HealthChecks = [Seed.Check("p1", daysSinceCheck, 4, 4, 4, 4, 4)], Interactions = [Interaction(0)] } };

        Assert.Equal(due, Run(facts).Any(c => c.Kind == NudgeKind.HealthCheckDue));
    }

    [Theory]
    [InlineData(21, true)]
    [InlineData(22, false)]
    [InlineData(-1, false)]
    public void Evaluate_ReviewAndRenewalDates_NudgeWithinLead(int inDays, bool expected)
    {
        var p = Seed.Partner("p1", PartnerStage.Formalised);
        var f = new Formalisation { PartnerId = "p1", ReviewDate = Seed.Today.AddDays(inDays), RenewalDate = Seed.Today.AddDays(inDays), UpdatedByUserId = "m1", UpdatedAt = Seed.Now };
        var causes = Run(new PartnerFacts { Partner = p, History = new PartnerHistory { Interactions = [Interaction(0)], Formalisation = new Stored<Formalisation>(f, "etag") } });

        Assert.Equal(expected, causes.Any(c => c.Kind == NudgeKind.ReviewApproaching));
        Assert.Equal(expected, causes.Any(c => c.Kind == NudgeKind.RenewalApproaching));
    }

    [Fact]
    public void Evaluate_KindDisabledForWorkspace_IsDropped()
    {
        var p = Seed.Partner("p1", PartnerStage.InTalks);
        var facts = new PartnerFacts { Partner = p, History = new PartnerHistory { NextSteps = [Seed.Step("s1", "p1", Seed.Today.AddDays(-1))], Interactions = [Interaction(0)] } };

        Assert.Empty(Run(facts, NudgeSettings.Default with { DisabledKinds = new HashSet<NudgeKind> { NudgeKind.NextStepOverdue } }));
    }

    [Fact]
    public void Evaluate_CauseResolved_NoLongerYielded()
    {
        var p = Seed.Partner("p1", PartnerStage.InTalks);
        var open = new PartnerFacts { Partner = p, History = new PartnerHistory { NextSteps = [Seed.Step("s1", "p1", Seed.Today.AddDays(-1))], Interactions = [Interaction(0)] } };
        var done = open with { History = open.History with { NextSteps = [Seed.Step("s1", "p1", Seed.Today.AddDays(-1), NextStepStatus.Done)] } };

        Assert.Single(Run(open));
        Assert.Empty(Run(done));
    }

    [Fact]
    public void Evaluate_EndedPartner_NeverNudges()
    {
        var p = Seed.Partner("p1", PartnerStage.Ended);
        var facts = new PartnerFacts { Partner = p, History = new PartnerHistory { NextSteps = [Seed.Step("s1", "p1", Seed.Today.AddDays(-1))] } };

        Assert.Empty(Run(facts));
    }

    private static Interaction Interaction(int daysAgo) => new()
    {
        Id = $"i{daysAgo}",
        PartnerId = "p1",
        UserId = "u1",
        Summary = "Met",
        OccurredAt = Seed.Now.AddDays(-daysAgo),
    };

    [Theory]
    [InlineData(CommunicationCadence.Weekly, 6, false)]
    [InlineData(CommunicationCadence.Weekly, 7, true)]
    [InlineData(CommunicationCadence.Quarterly, 45, false)]
    [InlineData(CommunicationCadence.Quarterly, 92, true)]
    public void Evaluate_AgreedCadence_SetsWhenAnActivePartnerIsQuiet(CommunicationCadence cadence, int silentDays, bool quiet)
    {
        var facts = new PartnerFacts
        {
            Partner = Seed.Partner("p1", PartnerStage.Active),
            History = new PartnerHistory { Interactions = [Interaction(silentDays)], HealthChecks = [Seed.Check("p1", 1, 4, 4, 4, 4, 4)], Formalisation = Agreement(cadence) },
        };

        var cause = Run(facts).SingleOrDefault(c => c.Kind == NudgeKind.QuietPartner);

        Assert.Equal(quiet, cause is not null);
        if (cause is not null)
        {
            Assert.Contains($"You agreed to talk {cadence.InWords()}.", cause.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Evaluate_AgreedCadence_StageSetToNever_StaysSilent()
    {
        var settings = NudgeSettings.Default with { QuietDaysByStage = new Dictionary<PartnerStage, int> { [PartnerStage.InTalks] = 14 } };
        var facts = new PartnerFacts
        {
            Partner = Seed.Partner("p1", PartnerStage.Active),
            History = new PartnerHistory { Interactions = [Interaction(60)], HealthChecks = [Seed.Check("p1", 1, 4, 4, 4, 4, 4)], Formalisation = Agreement(CommunicationCadence.Weekly) },
        };

        Assert.DoesNotContain(Run(facts, settings), c => c.Kind == NudgeKind.QuietPartner);
    }

    private static Stored<Formalisation> Agreement(CommunicationCadence cadence) =>
        new(new Formalisation { PartnerId = "p1", Cadence = cadence, UpdatedByUserId = "u1", UpdatedAt = Seed.Now }, "e1");
}
