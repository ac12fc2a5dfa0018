using PartnerBot.Core.Cards;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Partners;

/// <summary>
/// A stage change the bot makes by itself: which partner, from which stage to which, why, and the occurrence that
/// caused it (so the people told about it are told once per cause).
/// </summary>
/// <param name="PartnerId">The partner that moves.</param>
/// <param name="PartnerName">Its name, for the announcement.</param>
/// <param name="From">The stage it must still be in when the move is saved.</param>
/// <param name="To">The stage it moves to.</param>
/// <param name="Reason">Why, in plain words; kept as the partner's stage reason.</param>
/// <param name="Occurrence">Id of what triggered the move, e.g. the health check that made the trend poor.</param>
public sealed record StageMove(string PartnerId, string PartnerName, PartnerStage From, PartnerStage To, string Reason, string Occurrence)
{
    /// <summary>True while the partner, read again just before saving, is still where the move starts.</summary>
    public bool StillApplies(Partner current) => current.Id == PartnerId && current.Stage == From;

    /// <summary>The partner after the move.</summary>
    public Partner Apply(Partner current, DateTimeOffset now) => current with { Stage = To, StageReason = Reason, UpdatedAt = now };

    /// <summary>What the managers are told.</summary>
    public string Announcement => $"{PartnerName} is now {To.InSentence()}. {Reason}";
}

/// <summary>
/// The stage changes the bot decides without a person: pure functions of the pipeline, its history, the rules and the
/// day. A formalised partnership becomes Active on the start date of its agreement (seed 003); an active partnership
/// whose health checks turned poor moves to Under review (seed 004).
/// </summary>
public static class StageRules
{
    /// <summary>Every move due in a workspace on <paramref name="today"/>, in pipeline order.</summary>
    public static IReadOnlyList<StageMove> Decide(IEnumerable<Partner> partners, IReadOnlyDictionary<string, PartnerHistory> histories, HealthRules rules, DateOnly today) =>
        partners.Select(p => Decide(p, histories.GetValueOrDefault(p.Id) ?? new PartnerHistory(), rules, today)).OfType<StageMove>().ToList();

    /// <summary>The move due for one partner on <paramref name="today"/>, or null.</summary>
    public static StageMove? Decide(Partner partner, PartnerHistory history, HealthRules rules, DateOnly today) => partner.Stage switch
    {
        PartnerStage.Formalised => Started(partner, history, today),
        PartnerStage.Active => Unhealthy(partner, history, rules),
        _ => null,
    };

    private static StageMove? Started(Partner partner, PartnerHistory history, DateOnly today)
    {
        if (history.Formalisation?.Value.StartDate is not { } start || start > today)
        {
            return null;
        }

        var reason = $"Its agreement started on {Dates.Day(start)}.";
        return new StageMove(partner.Id, partner.Name, PartnerStage.Formalised, PartnerStage.Active, reason, $"start|{start:yyyy-MM-dd}");
    }

    private static StageMove? Unhealthy(Partner partner, PartnerHistory history, HealthRules rules)
    {
        // Both sides count: a poor answer from the partner, or a wide gap between the two views, moves it too.
        if (HealthTrend.Assess(partner.Id, history, rules) is not { NeedsReview: true, Explanation: { } why })
        {
            return null;
        }

        // Keyed by the newest evidence, so the same check or answer never moves the partner twice.
        var latestCheck = history.HealthChecks.MaxBy(h => h.SubmittedAt);
        var latestAnswer = history.PartnerRounds.Where(r => r.Response is not null).MaxBy(r => r.Response!.SubmittedAt);
        var key = latestAnswer is not null && (latestCheck is null || latestAnswer.Response!.SubmittedAt > latestCheck.SubmittedAt)
            ? "partner|" + latestAnswer.Id
            : latestCheck?.Id;
        return key is null ? null : new StageMove(partner.Id, partner.Name, PartnerStage.Active, PartnerStage.UnderReview, why, key);
    }
}
