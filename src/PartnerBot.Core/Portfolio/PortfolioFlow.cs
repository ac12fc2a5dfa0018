using PartnerBot.Core.Cards.Portfolio;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;

namespace PartnerBot.Core.Portfolio;

/// <summary>The 'portfolio' command.</summary>
public sealed class PortfolioFlow(FlowServices services) : IFlow
{
    public static readonly BotCommand PortfolioCommand = new("portfolio", "Pipeline, uncovered needs, balance and concentration warnings", CommandScopes.All);

    public void Register(BotRoutes routes) => routes.Command(PortfolioFlow.PortfolioCommand, ShowAsync);

    public async Task<IReadOnlyList<BotReply>> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var partners = await services.Partners.ListAsync(request.Caller.Workspace, cancellationToken);
        var assessments = await services.Needs.ListAsync(request.Caller.Workspace, cancellationToken);
        return [BotReply.Show(PortfolioCard.Build(PortfolioAnalysis.Analyse(partners, assessments)))];
    }
}
