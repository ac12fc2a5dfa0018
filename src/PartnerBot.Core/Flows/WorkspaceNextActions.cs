using PartnerBot.Core.Assessment;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Flows;

/// <summary>
/// The next sensible actions, from what the workspace has: an empty one starts with its needs and a first partner; one
/// with candidates goes on to screening, the ranking and the portfolio; someone with next steps sees those first.
/// </summary>
public sealed class WorkspaceNextActions(FlowServices services) : INextActions
{
    public async Task<IReadOnlyList<string>> SuggestAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var partners = await services.Partners.ListAsync(caller.Workspace, cancellationToken);
        var assessments = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
        var hasNeeds = assessments.Any(a => a.Needs.Count > 0);
        if (partners.Count == 0)
        {
            return hasNeeds
                ? [PartnerFlow.AddCommand.Name, IdeasCommandHandler.IdeasCommand.Name, NeedsFlow.SummaryCommand.Name, NeedsFlow.NeedsCommand.Name]
                : [NeedsFlow.NeedsCommand.Name, PartnerFlow.AddCommand.Name, IdeasCommandHandler.IdeasCommand.Name, RolesFlow.MembersCommand.Name];
        }

        var actions = new List<string>();
        var mySteps = await services.NextSteps.ListOpenForAssigneeAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        if (mySteps.Count > 0)
        {
            actions.Add(QuestionsFlow.ThisWeekCommand.Name);
        }

        if (partners.Any(p => p.Stage == PartnerStage.Identified && p.ScreeningRaters == 0))
        {
            actions.Add(ScreeningFlow.ScreenCommand.Name);
        }

        if (partners.Any(p => Ranking.PriorityScore(p) is not null))
        {
            actions.Add(PartnerFlow.RankingCommand.Name);
            if (partners.Any(p => p.Stage is PartnerStage.Screened or PartnerStage.Prioritised && p.AssessmentScore is null))
            {
                actions.Add(AssessmentFlow.AssessCommand.Name);
            }
        }

        actions.Add(PortfolioFlow.PortfolioCommand.Name);
        actions.Add(PartnerFlow.ListCommand.Name);
        if (hasNeeds && NeedCoverage.Uncovered(assessments, partners).Count > 0)
        {
            actions.Add(QuestionsFlow.GapsCommand.Name);
        }

        actions.Add(PartnerFlow.AddCommand.Name);
        if (!hasNeeds)
        {
            actions.Add(NeedsFlow.NeedsCommand.Name);
        }

        return actions;
    }
}
