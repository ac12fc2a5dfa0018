using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage;
using PartnerBot.Storage.Tables;
using PartnerBot.Web.Bot;
using PartnerBot.Web.Ecosystem;

namespace PartnerBot.Web.Conversations;

/// <summary>The partnership flows: stores, the router and its handlers.</summary>
public static class ConversationsSetup
{
    public static WebApplicationBuilder AddPartnerBotConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTableStorage(builder.Configuration);
        services.AddPartnershipStores();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProactiveMessenger, LoggingProactiveMessenger>();
        services.AddOptions<WorkspaceOptions>().BindConfiguration(WorkspaceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkspaceOptions>, WorkspaceOptionsValidator>());
        services.TryAddSingleton(sp => new ConfiguredAdmins(sp.GetRequiredService<IOptions<WorkspaceOptions>>().Value.AdminObjectIds));
        services.TryAddSingleton<IRosterLookup, ConnectorRosterLookup>();
        services.TryAddSingleton<WorkspaceDirectory>();
        services.AddPartnerBotEcosystem();
        services.TryAddSingleton(sp => new FlowServices(
            sp.GetRequiredService<IPartnerStore>(),
            sp.GetRequiredService<INeedsAssessmentStore>(),
            sp.GetRequiredService<IPartnerHistoryStore>(),
            sp.GetRequiredService<INextStepStore>(),
            sp.GetRequiredService<IMemberStore>(),
            sp.GetRequiredService<IDialogStateStore>(),
            sp.GetRequiredService<IScreeningStore>(),
            sp.GetRequiredService<IPipelineStore>(),
            sp.GetRequiredService<IProactiveMessenger>(),
            sp.GetRequiredService<WorkspaceDirectory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IPartnerRemovalStore>(),
            // Without the follow-through outbox nothing waits to be sent.
            sp.GetService<IUnsentMessageStore>() ?? new NoUnsentMessages())
        {
            // The channel's rosters of the teams and group chats the bot is in, where the host wires them.
            Roster = sp.GetService<Core.Contacts.IColleagueRoster>() ?? Core.Contacts.NoColleagueRoster.Instance,
            StaffErasure = sp.GetRequiredService<IStaffErasureStore>(),
            WorkspaceData = sp.GetService<IWorkspaceDataStore>() ?? NoWorkspaceData.Instance,
            Introductions = sp.GetRequiredService<Core.Introductions.IIntroductionStore>(),
            Ecosystem = sp.GetService<Core.Ecosystem.EcosystemReports>(),
        });
        // Asking a partner for their side of the health check: the link comes from the host's partner page, when it has one.
        services.AddSingleton<IFlow>(sp => new Core.FollowThrough.Health.PartnerRoundFlow(
            sp.GetRequiredService<FlowServices>(),
            sp.GetRequiredService<Core.FollowThrough.Health.IPartnerRoundStore>(),
            sp.GetService<Core.FollowThrough.Health.IPartnerLinks>()));
        // The partnership features come from the catalog; every other IFlow registered in DI (follow-through,
        // language…) joins them, and a command, action or card kind declared twice fails at start-up.
        services.AddSingleton<ConversationEngine>(sp =>
            new ConversationEngine(
                [.. PartnershipFlows.All(sp.GetRequiredService<FlowServices>()), .. sp.GetServices<IFlow>()],
                sp.GetServices<IIntentRecognizer>(),
                sp.GetRequiredService<WorkspaceDirectory>(),
                sp.GetRequiredService<IDialogStateStore>(),
                sp.GetRequiredService<IPartnerStore>()));
        services.AddSingleton<IConversationEngine>(sp => sp.GetRequiredService<ConversationEngine>());
        services.AddHostedService<RoutesCheck>();
        return builder;
    }
}

/// <summary>
/// The stand-in until the follow-through delivery registers its outbox: it logs, and the message is not lost
/// for the person because next steps are also stored in their 'my steps'.
/// </summary>
public sealed partial class LoggingProactiveMessenger(ILogger<LoggingProactiveMessenger> logger) : IProactiveMessenger
{
    public Task SendAsync(Core.Workspaces.WorkspaceKey workspace, string userId, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken)
    {
        LogNotDelivered(workspace.ToString(), replies.Count, idempotencyKey);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No proactive delivery is configured; {Count} message(s) for a member of {Workspace} ({Key}) stay in their 'my steps'.")]
    private partial void LogNotDelivered(string workspace, int count, string key);
}

/// <summary>Builds the router at start-up, so a command, card action or card kind declared twice stops the app there, naming it.</summary>
internal sealed class RoutesCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ConversationEngine>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
