using PartnerBot.Core.Conversations;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Introductions;

/// <summary>Why two community actors might want to meet, strongest first.</summary>
public enum IntroductionReasonKind
{
    /// <summary>Both could cover the same need of one of the library's programs: they serve the same people for the same thing.</summary>
    SharedNeed,

    /// <summary>Both work on the same subject cluster ("digital inclusion").</summary>
    SharedCluster,

    /// <summary>Each covers a need of one program the other does not: what one offers completes what the other does.</summary>
    Complementary,
}

/// <summary>A pair worth introducing, with its strongest reason in one sentence and a score that ranks it.</summary>
public sealed record IntroductionSuggestion(Partner First, Partner Second, IntroductionReasonKind Kind, int Score, string Reason);

/// <summary>
/// The one home of the introduction rules (seed 004: "also focus on connecting local community actors to each
/// other"): which pairs of partners or candidates to suggest and why, who may set an introduction's outcome, and what a
/// recorded introduction must hold. Pure functions over what the workspace holds.
/// </summary>
public static class IntroductionRules
{
    /// <summary>How many suggestions the introductions card shows.</summary>
    public const int MaxSuggestions = 5;

    /// <summary>The longest "why" (and outcome note) an introduction keeps; a longer one is refused with its length, never cut.</summary>
    public const int MaxReason = 500;

    /// <summary>Weights of the score: a shared need says more than a shared subject, which says more than one program.</summary>
    public const int SharedNeedWeight = 3;

    public const int SharedClusterWeight = 2;

    public const int ComplementaryWeight = 1;

    /// <summary>Whether a partner may be introduced to another: not archived, and its partnership not ended.</summary>
    public static bool MayIntroduce(Partner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return !partner.IsArchived && partner.Stage != PartnerStage.Ended;
    }

    /// <summary>
    /// The pairs worth introducing, strongest first, at most <paramref name="cap"/>: never an archived or ended partner,
    /// never a partner with itself, never a pair already introduced (in either order).
    /// </summary>
    public static IReadOnlyList<IntroductionSuggestion> Suggest(
        IReadOnlyList<Partner> partners, IReadOnlyList<NeedsAssessment> assessments, IReadOnlyList<Introduction> introduced, int cap = MaxSuggestions)
    {
        ArgumentNullException.ThrowIfNull(partners);
        ArgumentNullException.ThrowIfNull(introduced);
        var eligible = partners.Where(MayIntroduce).DistinctBy(p => p.Id, StringComparer.Ordinal)
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
        var index = NeedIndex.Of(assessments);
        // Each pair once, whichever way round it was recorded.
        var done = introduced.Select(x => PairKey(x.FirstPartnerId, x.SecondPartnerId)).ToHashSet(StringComparer.Ordinal);
        var suggestions = new List<IntroductionSuggestion>();
        for (var i = 0; i < eligible.Count; i++)
        {
            for (var j = i + 1; j < eligible.Count; j++)
            {
                var (a, b) = (eligible[i], eligible[j]);
                if (done.Contains(PairKey(a.Id, b.Id)) || Assess(a, b, index) is not { } suggestion)
                {
                    continue;
                }

                suggestions.Add(suggestion);
            }
        }

        return suggestions
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Kind)
            .ThenBy(s => s.First.Name, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(s => s.Second.Name, StringComparer.CurrentCultureIgnoreCase)
            .Take(Math.Max(0, cap))
            .ToList();
    }

    /// <summary>Why these two might meet (the strongest reason), or null when nothing the workspace holds connects them.</summary>
    public static IntroductionSuggestion? Reason(Partner first, Partner second, IReadOnlyList<NeedsAssessment> assessments)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        return first.Id == second.Id ? null : Assess(first, second, NeedIndex.Of(assessments));
    }

    private static IntroductionSuggestion? Assess(Partner a, Partner b, NeedIndex index)
    {
        var sharedNeeds = a.NeedIds.Intersect(b.NeedIds, StringComparer.Ordinal).Where(index.Needs.ContainsKey).ToList();
        var clusters = b.Clusters.Select(Fold).ToHashSet(StringComparer.Ordinal);
        var sharedClusters = a.Clusters.Where(c => clusters.Contains(Fold(c))).DistinctBy(Fold, StringComparer.Ordinal).ToList();
        var programsOfA = a.NeedIds.Where(index.Needs.ContainsKey).Select(id => index.Needs[id].Assessment).DistinctBy(x => x.Id).ToList();
        var programsOfB = b.NeedIds.Where(index.Needs.ContainsKey).Select(id => index.Needs[id].Assessment.Id).ToHashSet(StringComparer.Ordinal);
        var sharedPrograms = programsOfA.Where(p => programsOfB.Contains(p.Id)).ToList();
        // Complementary: in one program each covers a need the other does not.
        var complementary = sharedPrograms.Where(p =>
            a.NeedIds.Any(id => Covers(index, id, p) && !b.NeedIds.Contains(id)) && b.NeedIds.Any(id => Covers(index, id, p) && !a.NeedIds.Contains(id))).ToList();

        var score = (sharedNeeds.Count * SharedNeedWeight) + (sharedClusters.Count * SharedClusterWeight) + (complementary.Count * ComplementaryWeight);
        if (score == 0)
        {
            return null;
        }

        var users = sharedPrograms.Select(p => p.TargetUsers.Trim()).FirstOrDefault(t => t.Length > 0);
        var forUsers = users is null ? "" : $" for {Short(users, 80)}";
        if (sharedNeeds.Count > 0)
        {
            var (need, program) = index.Needs[sharedNeeds[0]];
            var more = sharedNeeds.Count > 1 ? $" (and {sharedNeeds.Count - 1} more shared need{(sharedNeeds.Count == 2 ? "" : "s")})" : "";
            var who = program.TargetUsers.Trim() is { Length: > 0 } t ? $", serving {Short(t, 80)}" : "";
            return new(a, b, IntroductionReasonKind.SharedNeed, score,
                Fit($"{a.Name} and {b.Name} could both help with {Lower(Short(need.Description, 100))} for \"{Short(program.Goal, 80)}\"{who}{more}."));
        }

        if (sharedClusters.Count > 0)
        {
            var subjects = sharedClusters.Count == 1 ? sharedClusters[0] : string.Join(", ", sharedClusters.Take(sharedClusters.Count - 1)) + " and " + sharedClusters[^1];
            return new(a, b, IntroductionReasonKind.SharedCluster, score, Fit($"{a.Name} and {b.Name} both work on {Short(subjects, 120)}{forUsers}."));
        }

        var shared = complementary[0];
        var needOfA = index.Needs[a.NeedIds.First(id => Covers(index, id, shared) && !b.NeedIds.Contains(id))].Need;
        var needOfB = index.Needs[b.NeedIds.First(id => Covers(index, id, shared) && !a.NeedIds.Contains(id))].Need;
        return new(a, b, IntroductionReasonKind.Complementary, score,
            Fit($"For \"{Short(shared.Goal, 80)}\"{forUsers}, {a.Name} could offer {Lower(Short(needOfA.Description, 80))} and {b.Name} {Lower(Short(needOfB.Description, 80))}: together they cover more of it."));
    }

    /// <summary>
    /// Who may record what came of an introduction: whoever recorded it, the contact of either partner, a manager or an
    /// admin. Recording an introduction is open to every member, staff included.
    /// </summary>
    public static bool MaySetOutcome(Caller caller, Introduction introduction, Partner? first, Partner? second)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(introduction);
        var me = caller.User.UserId;
        return caller.Role is WorkspaceRole.Manager or WorkspaceRole.Admin
            || introduction.RecordedByUserId == me
            || (first?.Contact?.UserIds.Contains(me) ?? false)
            || (second?.Contact?.UserIds.Contains(me) ?? false);
    }

    /// <summary>The words people read for an outcome.</summary>
    public static string Label(IntroductionOutcome outcome) => outcome switch
    {
        IntroductionOutcome.JointProject => "joint project",
        IntroductionOutcome.InTouch => "in touch",
        IntroductionOutcome.NoFollowUp => "no follow-up",
        _ => "outcome not recorded yet",
    };

    /// <summary>
    /// What is wrong with introducing these two, or null: two different partners, neither archived, not introduced
    /// before (in either order).
    /// </summary>
    public static string? CheckPair(Partner first, Partner second, IReadOnlyList<Introduction> existing)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(existing);
        if (first.Id == second.Id)
        {
            return "An introduction needs two different partners.";
        }

        if (first.IsArchived || second.IsArchived)
        {
            return $"{(first.IsArchived ? first.Name : second.Name)} is archived; restore it first to introduce it.";
        }

        return existing.FirstOrDefault(i => i.IsBetween(first.Id, second.Id)) is { } before
            ? $"{first.Name} and {second.Name} were already introduced on {Cards.Dates.Day(before.IntroducedOn)}; record what came of it instead."
            : null;
    }

    /// <summary>What is wrong with the why and the when of an introduction, or null: a reason of at most <see cref="MaxReason"/> characters, a day not in the future.</summary>
    public static string? CheckEntry(string reason, DateOnly day, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.Length == 0)
        {
            return $"Say in a sentence why they should meet (at most {MaxReason:N0} characters).";
        }

        if (reason.Length > MaxReason)
        {
            return $"Why they should meet may be at most {MaxReason:N0} characters (it has {reason.Length:N0}). Please shorten it and send again.";
        }

        return day > today ? "The day of the introduction cannot be in the future." : null;
    }

    private static string PairKey(string one, string other) =>
        string.CompareOrdinal(one, other) <= 0 ? one + "\n" + other : other + "\n" + one;

    private static bool Covers(NeedIndex index, string needId, NeedsAssessment program) =>
        index.Needs.TryGetValue(needId, out var x) && x.Assessment.Id == program.Id;

    private static string Fold(string cluster) => cluster.Trim().ToLowerInvariant();

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    /// <summary>A suggested reason always fits the limit, so the pre-filled form can be sent as it is.</summary>
    private static string Fit(string reason) => Short(reason, MaxReason);

    private sealed record NeedIndex(IReadOnlyDictionary<string, (Need Need, NeedsAssessment Assessment)> Needs)
    {
        public static NeedIndex Of(IReadOnlyList<NeedsAssessment>? assessments)
        {
            var needs = new Dictionary<string, (Need, NeedsAssessment)>(StringComparer.Ordinal);
            foreach (var assessment in assessments ?? [])
            {
                foreach (var need in assessment.Needs)
                {
                    needs.TryAdd(need.Id, (need, assessment));
                }
            }

            return new NeedIndex(needs);
        }
    }
}
