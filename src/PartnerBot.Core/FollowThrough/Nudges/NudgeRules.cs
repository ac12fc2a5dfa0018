using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.FollowThrough.Nudges;

/// <summary>What the rules look at for one partner.</summary>
public sealed record PartnerFacts
{
    public required Partner Partner { get; init; }
    public PartnerHistory History { get; init; } = new();

    /// <summary>The agreed start, review and renewal dates, from the partner's history (one partition read).</summary>
    public Formalisation? Formalisation => History.Formalisation?.Value;
}

/// <summary>
/// The nudge rules: pure functions from a partner's facts and today's date to the causes that are live now. Instants
/// (a contact, a health check, a change) count on the library's calendar (<c>zone</c>, the workspace's), the same one
/// <c>today</c> is read on, so a contact logged in the late evening is that day's and not the next UTC day's.
/// </summary>
public static class NudgeRules
{
    public static IReadOnlyList<NudgeCause> Evaluate(PartnerFacts facts, NudgeSettings settings, DateOnly today, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(zone);
        var causes = new List<NudgeCause>();
        var partner = facts.Partner;
        if (partner.Stage == PartnerStage.Ended)
        {
            return causes;
        }

        NextSteps(facts, settings, today, causes);
        var lead = partner.Contact?.UserIds.FirstOrDefault();
        if (lead is null)
        {
            return causes.Where(c => settings.IsEnabled(c.Kind)).ToList();
        }

        Quiet(facts, settings, today, zone, lead, causes);
        Unfinished(facts, settings, today, zone, lead, causes);
        HealthCheck(facts, settings, today, zone, lead, causes);
        Dates(facts, settings, today, lead, causes);
        return causes.Where(c => settings.IsEnabled(c.Kind)).ToList();
    }

    private static void NextSteps(PartnerFacts facts, NudgeSettings settings, DateOnly today, List<NudgeCause> causes)
    {
        foreach (var step in facts.History.NextSteps.Where(s => s.Status == NextStepStatus.Open))
        {
            var overdue = step.DueDate < today;
            var dueSoon = !overdue && step.DueDate.DayNumber - today.DayNumber <= settings.DueSoonDays;
            if (!overdue && !dueSoon)
            {
                continue;
            }

            causes.Add(new NudgeCause
            {
                Kind = overdue ? NudgeKind.NextStepOverdue : NudgeKind.NextStepDueSoon,
                PartnerId = facts.Partner.Id,
                PartnerName = facts.Partner.Name,
                EntityId = step.Id,
                Occurrence = step.DueDate,
                RecipientUserId = step.AssigneeUserId,
                Reason = overdue
                    ? $"\"{step.Description}\" was due on {Core.Cards.Dates.Day(step.DueDate)} and is still open."
                    : $"\"{step.Description}\" is due on {Core.Cards.Dates.Day(step.DueDate)}.",
            });
        }
    }

    private static void Quiet(PartnerFacts facts, NudgeSettings settings, DateOnly today, TimeZoneInfo zone, string lead, List<NudgeCause> causes)
    {
        // A stage the library set to "never" stays silent; otherwise an agreed partnership's own cadence sets the pace.
        if (!settings.QuietDaysByStage.TryGetValue(facts.Partner.Stage, out var days))
        {
            return;
        }

        var agreed = AgreedCadence(facts);
        days = agreed?.Days() ?? days;
        var last = facts.History.Interactions.Select(i => i.OccurredAt).DefaultIfEmpty(facts.Partner.Contact!.AssignedAt).Max();
        var lastDate = Core.Cards.Dates.LocalDay(last, zone);
        var silent = today.DayNumber - lastDate.DayNumber;
        if (silent < days)
        {
            return;
        }

        var agreement = agreed is { } cadence ? $" You agreed to talk {cadence.InWords()}." : "";
        causes.Add(Partnerwide(facts, NudgeKind.QuietPartner, lastDate, lead,
            $"Nothing has been logged with {facts.Partner.Name} for {silent} days.{agreement}"));
    }

    /// <summary>The cadence in the partnership's agreement, once there is an agreed partnership to keep up.</summary>
    public static CommunicationCadence? AgreedCadence(PartnerFacts facts) =>
        facts.Partner.Stage is PartnerStage.Formalised or PartnerStage.Active or PartnerStage.UnderReview ? facts.Formalisation?.Cadence : null;

    private static void Unfinished(PartnerFacts facts, NudgeSettings settings, DateOnly today, TimeZoneInfo zone, string lead, List<NudgeCause> causes)
    {
        var partner = facts.Partner;
        var waitingFor = partner.Stage switch
        {
            PartnerStage.Identified when facts.History.Screenings.Count == 0 => "a screening",
            PartnerStage.Screened or PartnerStage.Prioritised when facts.History.Assessments.Count == 0 => "a detailed assessment",
            _ => null,
        };
        var since = Core.Cards.Dates.LocalDay(partner.UpdatedAt, zone);
        if (waitingFor is null || today.DayNumber - since.DayNumber < settings.UnfinishedEvaluationDays)
        {
            return;
        }

        causes.Add(Partnerwide(facts, NudgeKind.UnfinishedEvaluation, since, lead,
            $"{partner.Name} has been waiting for {waitingFor} since {Core.Cards.Dates.Day(since)}."));
    }

    private static void HealthCheck(PartnerFacts facts, NudgeSettings settings, DateOnly today, TimeZoneInfo zone, string lead, List<NudgeCause> causes)
    {
        if (facts.Partner.Stage != PartnerStage.Active)
        {
            return;
        }

        // Counted from the last check; a partnership never checked counts from its start (or from when a contact was named).
        var lastCheck = facts.History.HealthChecks.Select(h => (DateTimeOffset?)h.SubmittedAt).Max();
        var from = lastCheck is { } checkedAt
            ? Core.Cards.Dates.LocalDay(checkedAt, zone)
            : facts.Formalisation?.StartDate ?? Core.Cards.Dates.LocalDay(facts.Partner.Contact!.AssignedAt, zone);
        var due = from.AddDays(settings.HealthCheckIntervalDays);
        if (today < due)
        {
            return;
        }

        causes.Add(Partnerwide(facts, NudgeKind.HealthCheckDue, due, lead,
            $"A health check for {facts.Partner.Name} is due: four quick questions on how the partnership is going."));
    }

    private static void Dates(PartnerFacts facts, NudgeSettings settings, DateOnly today, string lead, List<NudgeCause> causes)
    {
        if (facts.Formalisation is not { } f)
        {
            return;
        }

        foreach (var (kind, date, word) in new[] { (NudgeKind.ReviewApproaching, f.ReviewDate, "review"), (NudgeKind.RenewalApproaching, f.RenewalDate, "renewal") })
        {
            if (date is not { } d || d < today || d.DayNumber - today.DayNumber > settings.ReviewLeadDays)
            {
                continue;
            }

            causes.Add(Partnerwide(facts, kind, d, lead, $"The {word} of the agreement with {facts.Partner.Name} is on {Core.Cards.Dates.Day(d)}."));
        }
    }

    private static NudgeCause Partnerwide(PartnerFacts facts, NudgeKind kind, DateOnly occurrence, string lead, string reason) => new()
    {
        Kind = kind,
        PartnerId = facts.Partner.Id,
        PartnerName = facts.Partner.Name,
        EntityId = facts.Partner.Id,
        Occurrence = occurrence,
        RecipientUserId = lead,
        Reason = reason,
    };
}
