using PartnerBot.Core.Assessment;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;

namespace PartnerBot.Core.Propositions;

/// <summary>
/// Everything a proposition may be grounded in, all from the caller's own workspace: nothing else is
/// given to a drafter, so nothing else can leak into a draft.
/// </summary>
public sealed record PropositionContext
{
    /// <summary>The library's name as the partner should read it (the workspace name).</summary>
    public required string LibraryName { get; init; }

    /// <summary>The staff member who will send the message.</summary>
    public required string SenderName { get; init; }

    public required Partner Partner { get; init; }

    /// <summary>The workspace's needs assessments.</summary>
    public IReadOnlyList<NeedsAssessment> NeedsAssessments { get; init; } = [];

    /// <summary>What the library can offer in return, from the needs assessments.</summary>
    public IReadOnlyList<string> Offers { get; init; } = [];

    public IReadOnlyList<PartnerScreening> Screenings { get; init; } = [];

    public IReadOnlyList<DetailedAssessment> Assessments { get; init; } = [];

    /// <summary>The needs this partner might cover: those it is linked to, else the library's highest-priority needs.</summary>
    public IReadOnlyList<Need> RelevantNeeds()
    {
        var all = NeedsAssessments.SelectMany(a => a.Needs).ToList();
        var linked = all.Where(n => Partner.NeedIds.Contains(n.Id)).ToList();
        var chosen = linked.Count > 0 ? linked : all;
        return chosen.OrderByDescending(n => n.Priority).Take(4).ToList();
    }

    /// <summary>The staff's own notes on the partner's strengths, to help the sender personalise the draft.</summary>
    public IReadOnlyList<string> StaffNotes()
    {
        var screeningNotes = Screenings.SelectMany(s => s.Ratings.Select(r => r.Value.Note));
        var assessmentNotes = Assessments.SelectMany(a => a.Ratings.Select(r => r.Value.Note));
        return screeningNotes.Concat(assessmentNotes)
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => n!.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(6)
            .ToList();
    }
}

/// <summary>A proposition draft for a person to copy and edit. PartnerBot never sends it to the partner.</summary>
/// <param name="Text">The message text.</param>
/// <param name="FromModel">True when a language model wrote it; false for the template.</param>
public sealed record Draft(string Text, bool FromModel);

/// <summary>Drafts a partnership proposition to a partner.</summary>
public interface IPropositionDrafter
{
    Task<Draft> DraftAsync(PropositionContext context, CancellationToken cancellationToken);
}
