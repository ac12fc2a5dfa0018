using System.Globalization;

namespace PartnerBot.Core.FollowThrough.Health;

/// <summary>
/// The limits of asking the partner for their side of the health check (seed 004: "each partner needs to have their
/// interest addressed through the partnership"), and the questions both sides answer.
/// </summary>
public static class PartnerRounds
{
    /// <summary>How long a link to the partner's page works, unless revoked sooner (the partner side's rule).</summary>
    public static TimeSpan DefaultLifetime => PartnerRoundRules.DefaultLifetime;

    /// <summary>An open round with no answer after this long counts as "not answered" in the digest.</summary>
    public static readonly TimeSpan UnansweredAfter = TimeSpan.FromDays(7);

    /// <summary>A round that closed without an answer is listed in the digest for this long after it closed, then dropped.</summary>
    public static readonly TimeSpan SilenceListedFor = TimeSpan.FromDays(28);

    /// <summary>A difference of at least this many points between the two sides on one question is a gap worth talking about.</summary>
    public const int GapAtLeast = 2;

    /// <summary>The questions the partner answers, in the order they are shown; the library's own interest is the library's to say.</summary>
    public static IReadOnlyList<HealthQuestion> Compared { get; } = [.. PartnerRoundRules.Questions.Select(q => q.Question)];

    /// <summary>A question's short label, as in "Communication: you 4, they 2".</summary>
    public static string Label(HealthQuestion question) => question switch
    {
        HealthQuestion.PartnerInterestMet => "Their interest met",
        HealthQuestion.LibraryInterestMet => "The library's interest met",
        HealthQuestion.Communication => "Communication",
        HealthQuestion.Progress => "Progress",
        HealthQuestion.StrategicFit => "Strategic fit",
        _ => question.ToString(),
    };

    /// <summary>The question in a sentence, as in "you rate communication 4".</summary>
    public static string InSentence(HealthQuestion question) => question switch
    {
        HealthQuestion.PartnerInterestMet => "how well their interest is met",
        HealthQuestion.LibraryInterestMet => "how well the library's interest is met",
        HealthQuestion.Communication => "communication",
        HealthQuestion.Progress => "progress",
        HealthQuestion.StrategicFit => "the strategic fit",
        _ => question.ToString(),
    };

    /// <summary>When the round stopped (or stops) taking answers: revoked or expired, whichever came first.</summary>
    public static DateTimeOffset ClosesAt(PartnerRound round)
    {
        ArgumentNullException.ThrowIfNull(round);
        return round.RevokedAt is { } revoked && revoked < round.ExpiresAt ? revoked : round.ExpiresAt;
    }

    /// <summary>The round still open at <paramref name="now"/> (the newest, should there be several), or null.</summary>
    public static PartnerRound? Open(IEnumerable<PartnerRound> rounds, DateTimeOffset now) =>
        rounds.Where(r => r.IsOpenAt(now)).MaxBy(r => r.CreatedAt);

    /// <summary>The round with the partner's latest answer, or null when they never answered.</summary>
    public static PartnerRound? LatestAnswered(IEnumerable<PartnerRound> rounds) =>
        rounds.Where(r => r.Response is { Scores.Count: > 0 }).MaxBy(r => r.Response!.SubmittedAt);
}

/// <summary>One compared question: the library's score (an average when several checks count), the partner's, and the gap.</summary>
public sealed record QuestionView(HealthQuestion Question, double? Library, int? Partner)
{
    /// <summary>How far apart the two sides are; null when one side did not score it.</summary>
    public double? Gap => Library is { } library && Partner is { } partner ? Math.Abs(library - partner) : null;

    /// <summary>True for a gap of <see cref="PartnerRounds.GapAtLeast"/> or more.</summary>
    public bool IsWide => Gap is { } gap && gap >= PartnerRounds.GapAtLeast;

    /// <summary>"you rate communication 4, they rate it 2" (or the library and the partner, for the recommendation).</summary>
    public string Disagreement(string us = "you rate", string them = "they rate") =>
        $"{us} {PartnerRounds.InSentence(Question)} {PartnerViews.Score(Library)}, {them} it {PartnerViews.Score(Partner)}";
}

/// <summary>The partner's latest answer beside the library's health checks from the same time.</summary>
public sealed record PartnerComparison
{
    /// <summary>The round the partner answered.</summary>
    public required PartnerRound Round { get; init; }
    public required IReadOnlyList<QuestionView> Questions { get; init; }
    /// <summary>How many of the library's checks the library side is made of (0: none to compare with).</summary>
    public required int LibraryChecks { get; init; }

    public DateTimeOffset AnsweredAt => Round.Response!.SubmittedAt;

    /// <summary>The questions where the two sides are at least <see cref="PartnerRounds.GapAtLeast"/> apart.</summary>
    public IReadOnlyList<QuestionView> Gaps => [.. Questions.Where(q => q.IsWide)];

    /// <summary>The average of the partner's own scores.</summary>
    public double PartnerAverage => Questions.Where(q => q.Partner is not null).Select(q => (double)q.Partner!.Value).DefaultIfEmpty(0).Average();

    /// <summary>The questions the partner scored 1 (poor).</summary>
    public IReadOnlyList<QuestionView> PartnerOnes => [.. Questions.Where(q => q.Partner == 1)];

    /// <summary>The partner's side is poor: their average below <see cref="HealthRules.PoorBelow"/>, or any question at 1.</summary>
    public bool PartnerIsPoor(HealthRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return Questions.Any(q => q.Partner is not null) && (PartnerAverage < rules.PoorBelow || PartnerOnes.Count > 0);
    }
}

/// <summary>
/// The one home of how the partner's answers are set beside the library's. The rules, in one place:
/// <list type="bullet">
/// <item>The partner's side is their <b>latest answered round</b> (by when they answered).</item>
/// <item>The library's side is the library's health checks sent in that round's <b>window</b>: from
/// <see cref="PartnerRounds.DefaultLifetime"/> before the round was created until it closed (expired or revoked). Several
/// checks in the window are averaged per question. With none in the window, the latest check before the round closed
/// counts alone; with none before either, the library side is empty and nothing is flagged.</item>
/// <item>A question whose two sides are <see cref="PartnerRounds.GapAtLeast"/> or more apart is a gap.</item>
/// </list>
/// </summary>
public static class PartnerViews
{
    /// <summary>The partner's latest answer compared with the library's checks of the time; null when they never answered.</summary>
    public static PartnerComparison? Latest(IEnumerable<HealthCheck> checks, IEnumerable<PartnerRound> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        return PartnerRounds.LatestAnswered(rounds) is { } answered ? Compare(checks, answered) : null;
    }

    /// <summary>One answered round beside the library's checks of its window (see the rules above).</summary>
    public static PartnerComparison Compare(IEnumerable<HealthCheck> checks, PartnerRound answered)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(answered);
        var library = LibrarySide(checks, answered);
        var partner = answered.Response?.Scores ?? new Dictionary<HealthQuestion, int>();
        var questions = PartnerRounds.Compared.Select(q =>
        {
            var ours = library.Select(c => c.Scores.TryGetValue(q, out var s) && s is >= 1 and <= 5 ? (double?)s : null).OfType<double>().ToList();
            int? theirs = partner.TryGetValue(q, out var t) && t is >= 1 and <= 5 ? t : null;
            return new QuestionView(q, ours.Count == 0 ? null : ours.Average(), theirs);
        }).ToList();
        return new PartnerComparison { Round = answered, Questions = questions, LibraryChecks = library.Count };
    }

    /// <summary>The library's checks the partner's round is compared with: those in its window, else the latest before it closed.</summary>
    public static IReadOnlyList<HealthCheck> LibrarySide(IEnumerable<HealthCheck> checks, PartnerRound round)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(round);
        var closes = PartnerRounds.ClosesAt(round);
        var from = round.CreatedAt - PartnerRounds.DefaultLifetime;
        var scored = checks.Where(c => c.PartnerId == round.PartnerId && c.Scores.Count > 0).ToList();
        var inWindow = scored.Where(c => c.SubmittedAt >= from && c.SubmittedAt <= closes).OrderBy(c => c.SubmittedAt).ToList();
        if (inWindow.Count > 0)
        {
            return inWindow;
        }

        return scored.Where(c => c.SubmittedAt <= closes).MaxBy(c => c.SubmittedAt) is { } before ? [before] : [];
    }

    /// <summary>
    /// Whether the partner left their latest round unanswered, as the digest lists it: it was not revoked, has no answer,
    /// and either closed less than <see cref="PartnerRounds.SilenceListedFor"/> ago or is still open and older than
    /// <see cref="PartnerRounds.UnansweredAfter"/>. A newer round replaces an older one, so only the latest counts.
    /// </summary>
    public static PartnerRound? Unanswered(IEnumerable<PartnerRound> rounds, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.MaxBy(r => r.CreatedAt) is not { RevokedAt: null, Response: null } latest)
        {
            return null;
        }

        return latest.IsOpenAt(now)
            ? now - latest.CreatedAt >= PartnerRounds.UnansweredAfter ? latest : null
            : now - latest.ExpiresAt < PartnerRounds.SilenceListedFor ? latest : null;
    }

    /// <summary>A score as shown: a whole number as is, an average with one decimal, "–" when missing.</summary>
    public static string Score(double? score) => score switch
    {
        null => "–",
        { } s when s == Math.Round(s) => s.ToString("0", CultureInfo.InvariantCulture),
        { } s => s.ToString("0.0", CultureInfo.InvariantCulture),
    };

    public static string Score(int? score) => score?.ToString(CultureInfo.InvariantCulture) ?? "–";
}
