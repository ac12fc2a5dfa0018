using System.Globalization;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.FollowThrough.Health;

/// <summary>One question the partner's page asks, written from the partner's side, and the library-side question it matches.</summary>
/// <param name="Question">The health question it answers, so both sides' scores compare per question.</param>
/// <param name="Template">The wording, with <c>{0}</c> where the library's name goes.</param>
public sealed record PartnerQuestion(HealthQuestion Question, string Template)
{
    /// <summary>The question as the partner reads it, naming <paramref name="libraryName"/>.</summary>
    public string Text(string libraryName) => string.Format(CultureInfo.InvariantCulture, Template, libraryName);
}

/// <summary>Whether a round still takes an answer, and if not, why.</summary>
public enum PartnerRoundState
{
    Open,

    /// <summary>Someone at the library withdrew the link.</summary>
    Revoked,

    /// <summary>Past <see cref="PartnerRound.ExpiresAt"/>.</summary>
    Expired,
}

/// <summary>Why an answer was not saved. Nothing is changed on a refusal.</summary>
public enum PartnerAnswerRefusal
{
    /// <summary>The round (or its partner) no longer exists, or the row does not name the partner the link names.</summary>
    RoundGone,
    Revoked,
    Expired,

    /// <summary>The form was filled from an answer that has changed since (an old tab, a replayed request).</summary>
    Stale,

    /// <summary>A question unanswered, a score outside 1–5, or a question the partner is not asked.</summary>
    BadScore,

    /// <summary>The comment is longer than <see cref="PartnerRoundRules.CommentMaxLength"/>.</summary>
    CommentTooLong,
}

/// <summary>What a save did.</summary>
public enum PartnerAnswerOutcome
{
    /// <summary>The round's first answer.</summary>
    Saved,

    /// <summary>The answer replaced an earlier one (<see cref="PartnerResponse.EditedAt"/> set).</summary>
    Edited,
    Refused,
}

/// <summary>The result of a save: the round as stored now (when saved), or why nothing changed.</summary>
public sealed record PartnerAnswerResult(PartnerAnswerOutcome Outcome, Stored<PartnerRound>? Round = null, PartnerAnswerRefusal? Refusal = null)
{
    public static PartnerAnswerResult Refused(PartnerAnswerRefusal why, Stored<PartnerRound>? round = null) => new(PartnerAnswerOutcome.Refused, round, why);
}

/// <summary>
/// The one home of the partner side's rules: which questions the partner is asked and how, the score range, the
/// comment's limit, how long a round lasts, and when an answer may be saved or changed. Pure functions of the round
/// and the time; <see cref="PartnerAnswers"/> applies them against the store.
/// </summary>
public static class PartnerRoundRules
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    /// <summary>
    /// The comment's limit in characters, line breaks counted as one (a browser sends them as two). A longer comment is
    /// refused with the limit named, never cut.
    /// </summary>
    public const int CommentMaxLength = 2_000;

    /// <summary>How long a new round stays open unless the library chooses otherwise.</summary>
    public const int DefaultLifetimeDays = 21;

    /// <summary><see cref="DefaultLifetimeDays"/> as a span.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(DefaultLifetimeDays);

    /// <summary>
    /// The questions the partner answers, in the order the page asks them. Each maps to the library side's question of
    /// the same subject, so the bot can set the two views side by side per question.
    /// </summary>
    public static readonly IReadOnlyList<PartnerQuestion> Questions =
    [
        new(HealthQuestion.PartnerInterestMet, "Are your organisation's interests being met by this partnership with {0}?"),
        new(HealthQuestion.Communication, "Is communication with {0} going well?"),
        new(HealthQuestion.Progress, "Is the work you are doing together with {0} moving forward?"),
        new(HealthQuestion.StrategicFit, "Does the partnership with {0} still fit your organisation's goals?"),
    ];

    /// <summary>The words beside each score, from <see cref="MinScore"/> to <see cref="MaxScore"/>; they fit every question above.</summary>
    public static readonly IReadOnlyList<string> ScaleLabels = ["Not at all", "A little", "Partly", "Mostly", "Fully"];

    /// <summary>Whether <paramref name="round"/> takes an answer at <paramref name="now"/>; a revocation wins over an expiry.</summary>
    public static PartnerRoundState StateAt(PartnerRound round, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        return round.RevokedAt is not null ? PartnerRoundState.Revoked
            : now >= round.ExpiresAt ? PartnerRoundState.Expired
            : PartnerRoundState.Open;
    }

    /// <summary>A comment as stored: line breaks as <c>\n</c>, null when blank. Nothing else is changed: it is shown literally.</summary>
    public static string? NormaliseComment(string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return null;
        }

        return comment.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
    }

    /// <summary>Why these scores and this comment cannot be saved, or null when they can.</summary>
    public static PartnerAnswerRefusal? Validate(IReadOnlyDictionary<HealthQuestion, int> scores, string? comment)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count != Questions.Count
            || Questions.Any(q => !scores.TryGetValue(q.Question, out var score) || score is < MinScore or > MaxScore))
        {
            return PartnerAnswerRefusal.BadScore;
        }

        return NormaliseComment(comment) is { Length: > CommentMaxLength } ? PartnerAnswerRefusal.CommentTooLong : null;
    }

    /// <summary>
    /// The round with this answer, or why not. <paramref name="version"/> is the ETag the form was filled from and
    /// <paramref name="currentETag"/> the stored one: they must match, so an old form (another tab, a replayed
    /// request) never overwrites a newer answer. The first answer is saved; a later one edits it.
    /// </summary>
    public static (PartnerRound? Round, PartnerAnswerRefusal? Refusal) Answer(
        PartnerRound round,
        string currentETag,
        IReadOnlyDictionary<HealthQuestion, int> scores,
        string? comment,
        string? version,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(round);
        switch (StateAt(round, now))
        {
            case PartnerRoundState.Revoked:
                return (null, PartnerAnswerRefusal.Revoked);
            case PartnerRoundState.Expired:
                return (null, PartnerAnswerRefusal.Expired);
        }

        if (version is null || !string.Equals(version, currentETag, StringComparison.Ordinal))
        {
            return (null, PartnerAnswerRefusal.Stale);
        }

        if (Validate(scores, comment) is { } invalid)
        {
            return (null, invalid);
        }

        var kept = Questions.ToDictionary(q => q.Question, q => scores[q.Question]);
        var response = round.Response is { } earlier
            ? earlier with { Scores = kept, Comment = NormaliseComment(comment), EditedAt = now }
            : new PartnerResponse { Scores = kept, Comment = NormaliseComment(comment), SubmittedAt = now };
        return (round with { Response = response }, null);
    }
}

/// <summary>
/// Saves the partner's answer to a round by the rules of <see cref="PartnerRoundRules"/>. The round is read by the
/// partner and round the signed link names, and must name that partner itself; the write is conditional on the ETag
/// the form was filled from, so two saves never both win and nothing changes on a refusal.
/// </summary>
public sealed class PartnerAnswers(IPartnerRoundStore rounds, TimeProvider time)
{
    /// <summary>The round for the page, or null when it is gone or does not belong to <paramref name="partnerId"/>.</summary>
    public async Task<Stored<PartnerRound>?> OpenAsync(WorkspaceKey workspace, string partnerId, string roundId, CancellationToken cancellationToken)
    {
        var stored = await rounds.GetAsync(workspace, partnerId, roundId, cancellationToken);
        return stored is not null && stored.Value.PartnerId == partnerId && stored.Value.Id == roundId ? stored : null;
    }

    public async Task<PartnerAnswerResult> SaveAsync(
        WorkspaceKey workspace,
        string partnerId,
        string roundId,
        IReadOnlyDictionary<HealthQuestion, int> scores,
        string? comment,
        string? version,
        CancellationToken cancellationToken)
    {
        var stored = await OpenAsync(workspace, partnerId, roundId, cancellationToken);
        if (stored is null)
        {
            return PartnerAnswerResult.Refused(PartnerAnswerRefusal.RoundGone);
        }

        var (answered, refusal) = PartnerRoundRules.Answer(stored.Value, stored.ETag, scores, comment, version, time.GetUtcNow());
        if (answered is null)
        {
            return PartnerAnswerResult.Refused(refusal!.Value, stored);
        }

        try
        {
            var saved = await rounds.SaveAsync(workspace, answered, stored.ETag, cancellationToken);
            return new(stored.Value.Response is null ? PartnerAnswerOutcome.Saved : PartnerAnswerOutcome.Edited, saved);
        }
        catch (ConcurrencyConflictException)
        {
            // Changed (another save, a revocation) or erased between the read and the write: the form is out of date.
            return PartnerAnswerResult.Refused(PartnerAnswerRefusal.Stale, stored);
        }
    }
}
