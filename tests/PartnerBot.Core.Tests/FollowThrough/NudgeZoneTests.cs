using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Tests.FollowThrough;

/// <summary>The nudge rules count an instant's day on the library's calendar, not UTC's.</summary>
public class NudgeZoneTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly TimeZoneInfo Auckland = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");

    private static PartnerFacts InTalks(DateTimeOffset lastContact) => new()
    {
        Partner = Seed.Partner("p1", PartnerStage.InTalks) with
        {
            Contact = new ContactAssignment { UserIds = ["u1"], AssignedAt = lastContact.AddDays(-100), AssignedByUserId = "u1" },
        },
        History = new PartnerHistory { Interactions = [new Interaction { Id = "i1", PartnerId = "p1", UserId = "u1", Summary = "Called", OccurredAt = lastContact }] },
    };

    [Theory]
    // 22 Nov 23:00 in Los Angeles is 23 Nov 07:00 UTC: on 6 Dec the library has been quiet 14 days (its own count), UTC says 13.
    [InlineData("America/Los_Angeles", "2026-11-23T07:00:00Z", "2026-12-06", true, "2026-11-22")]
    // 23 Nov 08:00 in Auckland is 22 Nov 19:00 UTC: on 6 Dec it has been 13 days there, though UTC would say 14.
    [InlineData("Pacific/Auckland", "2026-11-22T19:00:00Z", "2026-12-06", false, null)]
    [InlineData("Pacific/Auckland", "2026-11-22T19:00:00Z", "2026-12-07", true, "2026-11-23")]
    public void QuietPartner_CountsTheContactsDay_InTheLibrarysZone(string zone, string contactUtc, string today, bool quiet, string? lastDay)
    {
        var facts = InTalks(DateTimeOffset.Parse(contactUtc, System.Globalization.CultureInfo.InvariantCulture));

        var causes = NudgeRules.Evaluate(facts, NudgeSettings.Default, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone));

        var cause = causes.SingleOrDefault(c => c.Kind == NudgeKind.QuietPartner);
        Assert.Equal(quiet, cause is not null);
        if (lastDay is not null)
        {
            Assert.Equal(DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), cause!.Occurrence);
        }
    }

    [Fact]
    public void HealthCheckDue_CountsTheLastChecksDay_InTheLibrarysZone()
    {
        // Sent on 1 Sep 20:00 in Los Angeles (2 Sep 03:00 UTC); 91 days on the library's calendar is 1 Dec.
        var sent = new DateTimeOffset(2026, 9, 2, 3, 0, 0, TimeSpan.Zero);
        var facts = new PartnerFacts
        {
            Partner = Seed.Partner("p1", PartnerStage.Active) with { Contact = new ContactAssignment { UserIds = ["u1"], AssignedAt = sent.AddDays(-200), AssignedByUserId = "u1" } },
            History = new PartnerHistory
            {
                Interactions = [new Interaction { Id = "i1", PartnerId = "p1", UserId = "u1", Summary = "Called", OccurredAt = sent.AddDays(80) }],
                HealthChecks = [new HealthCheck { Id = "h1", PartnerId = "p1", UserId = "u1", Scores = new Dictionary<HealthQuestion, int>(), SubmittedAt = sent }],
            },
        };

        var due = NudgeRules.Evaluate(facts, NudgeSettings.Default, new DateOnly(2026, 12, 1), LosAngeles).Single(c => c.Kind == NudgeKind.HealthCheckDue);

        Assert.Equal(new DateOnly(2026, 12, 1), due.Occurrence);
        Assert.DoesNotContain(NudgeRules.Evaluate(facts, NudgeSettings.Default, new DateOnly(2026, 12, 1), Auckland), c => c.Kind == NudgeKind.HealthCheckDue);
    }
}
