using PartnerBot.Core.Assessment;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Flows;

/// <summary>
/// The partnership features, one line each, so the host and every test harness build exactly the same set. Each
/// feature declares its own commands, card actions and dialogs (<see cref="IFlow.Register"/>).
/// </summary>
public static class PartnershipFlows
{
    public static IReadOnlyList<IFlow> All(FlowServices services) =>
    [
        new NeedsFlow(services),
        new PartnerFlow(services),
        new PartnerArchiveFlow(services),
        new ScreeningFlow(services),
        new AssessmentFlow(services),
        new ContactFlow(services),
        new LogContactFlow(services),
        new Introductions.IntroductionsFlow(services),
        new FormaliseFlow(services),
        new HealthCheckFlow(services),
        new PortfolioFlow(services),
        new RolesFlow(services.Directory, services.Members, services.Messenger, services.Time),
        new LibraryFlow(services.Directory, services.Time),
        new StaffErasureFlow(services),
        new QuestionsFlow(services),
        new WorkspaceEraseFlow(services),
    ];
}
