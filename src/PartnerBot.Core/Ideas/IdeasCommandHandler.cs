using PartnerBot.Core.Conversations;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Ideas;

/// <summary>"ideas": partner types to look for, for each need of the workspace that no live candidate covers.</summary>
public sealed class IdeasCommandHandler(IPartnerStore partners, INeedsAssessmentStore needsAssessments, IPartnerIdeas ideas) : IFlow, ICommandHandler
{
    public static readonly BotCommand IdeasCommand = new("ideas", "Ideas for partners who could cover the needs no candidate covers yet", CommandScopes.All);

    public void Register(BotRoutes routes) => routes.Command(this);

    /// <summary>Enough to act on; also bounds the model calls made in one turn.</summary>
    public const int MaxNeeds = 5;

    public BotCommand Command => IdeasCommandHandler.IdeasCommand;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var workspace = request.Caller.Workspace;
        var assessments = await needsAssessments.ListAsync(workspace, cancellationToken).ConfigureAwait(false);
        var needs = assessments.SelectMany(a => a.Needs).ToList();
        if (needs.Count == 0)
        {
            return [BotReply.Say("There are no needs written down yet. Type 'needs' to start a needs assessment, and I can then suggest who to look for.")];
        }

        var pipeline = await partners.ListAsync(workspace, cancellationToken).ConfigureAwait(false);
        var uncovered = NeedCoverage.Uncovered(assessments, pipeline).Select(x => x.Need).ToList();
        if (uncovered.Count == 0)
        {
            return [BotReply.Say("Every need has at least one candidate partner. Keep looking anyway: more partners per need means less depends on any one of them.")];
        }

        var chosen = uncovered.Take(MaxNeeds).ToList();
        // In parallel, so a model-backed implementation costs one model timeout per turn, not five.
        var suggestions = await Task.WhenAll(chosen.Select(async need => (Need: need, Ideas: await ideas.SuggestAsync(need, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        return [BotReply.Show(IdeasCard.Build(suggestions.Select(s => (s.Need, s.Ideas)).ToList(), uncovered.Count))];
    }
}
