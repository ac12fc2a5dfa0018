namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>Sentences from the numbers, most pressing first, so the top of the card says what to decide this week.</summary>
public sealed class RulesDigestNarrative : IDigestNarrative
{
    public Task<string> WriteAsync(WeeklyDigest digest, CancellationToken cancellationToken) => Task.FromResult(Write(digest));

    public static string Write(WeeklyDigest digest)
    {
        if (digest.IsEmpty)
        {
            return "There are no partners in this workspace yet. Start with a needs assessment, then add candidates: never stop looking for new partners.";
        }

        var sentences = new List<string>();
        var total = digest.Pipeline.Sum(p => p.Count);
        var moved = digest.MovedThisWeek.Count;
        sentences.Add($"{total} {Plural(total, "partner")} in the pipeline; {moved} moved this week and {digest.NewCandidates.Count} {Plural(digest.NewCandidates.Count, "candidate")} {(digest.NewCandidates.Count == 1 ? "was" : "were")} added.");
        var decide = new List<string>();
        if (digest.AwaitingDecision.Count > 0)
        {
            decide.Add($"{digest.AwaitingDecision.Count} {Plural(digest.AwaitingDecision.Count, "candidate")} awaiting a decision (top: {digest.AwaitingDecision[0].Name})");
        }

        if (digest.HealthAlerts.Count > 0)
        {
            decide.Add($"{digest.HealthAlerts.Count} {Plural(digest.HealthAlerts.Count, "partnership")} in poor health");
        }

        var overdue = digest.Overdue.Sum(o => o.Items.Count);
        if (overdue > 0)
        {
            decide.Add($"{overdue} overdue next {Plural(overdue, "step")}");
        }

        sentences.Add(decide.Count > 0 ? $"To decide this week: {string.Join("; ", decide)}." : "Nothing needs a decision this week.");
        if (digest.ConcentrationWarnings.Count > 0 || digest.UncoveredNeeds.Count > 0)
        {
            sentences.Add(digest.ConcentrationWarnings.Count > 0
                ? digest.ConcentrationWarnings[0]
                : $"{digest.UncoveredNeeds.Count} {Plural(digest.UncoveredNeeds.Count, "need")} no candidate covers yet.");
        }

        return string.Join(" ", sentences);
    }

    private static string Plural(int n, string word) => n == 1 ? word : word + "s";
}
