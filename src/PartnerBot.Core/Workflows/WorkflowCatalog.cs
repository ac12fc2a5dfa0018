using PartnerBot.Core.Assessment;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Workflows;

/// <summary>
/// Every partnership flow, wired once, so the host's DI setup and the tests build exactly the same handlers.
/// </summary>
public sealed class WorkflowCatalog
{
    public WorkflowCatalog(WorkflowServices services)
    {
        var needs = new NeedsFlow(services);
        var partners = new PartnerFlow(services);
        var screening = new ScreeningFlow(services);
        var assessment = new AssessmentFlow(services);
        var contact = new ContactFlow(services);
        var formalise = new FormaliseFlow(services);
        var roles = new RolesFlow(services.Directory, services.Members);
        CommandHandlers =
        [
            .. needs.Commands(),
            .. partners.Commands(),
            screening.Command(),
            assessment.Command(),
            .. contact.Commands(),
            formalise.Command(),
            new PortfolioFlow(services).Command(),
            .. roles.Commands(),
        ];
        ActionHandlers = [needs, partners, screening, assessment, contact, formalise, roles];
        DialogFlows = [needs, partners, new PartnerCardDialogFlow(services, screening, assessment, contact, formalise)];
    }

    public IReadOnlyList<ICommandHandler> CommandHandlers { get; }

    public IReadOnlyList<ICardActionHandler> ActionHandlers { get; }

    public IReadOnlyList<IDialogFlow> DialogFlows { get; }
}
