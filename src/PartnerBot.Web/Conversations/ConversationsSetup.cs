using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workflows;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage;
using PartnerBot.Storage.Tables;
using PartnerBot.Web.Bot;

namespace PartnerBot.Web.Conversations;

/// <summary>The partnership workflows: stores, the router and its handlers.</summary>
public static class ConversationsSetup
{
    public static WebApplicationBuilder AddPartnerBotConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddTableStorage(builder.Configuration);
        services.AddWorkflowStores();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProactiveMessenger, LoggingProactiveMessenger>();
        services.AddOptions<WorkspaceOptions>().BindConfiguration(WorkspaceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkspaceOptions>, WorkspaceOptionsValidator>());
        services.TryAddSingleton(sp => new ConfiguredAdmins(sp.GetRequiredService<IOptions<WorkspaceOptions>>().Value.AdminObjectIds));
        services.TryAddSingleton<IRosterLookup, ConnectorRosterLookup>();
        services.TryAddSingleton<WorkspaceDirectory>();
        services.TryAddSingleton(sp => new WorkflowServices(
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
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<WorkflowCatalog>();
        // The workflows' handlers come from the catalog; every other ICommandHandler, ICardActionHandler and
        // IDialogFlow registered in DI (follow-through, settings…) joins them, and a duplicate fails at start-up.
        services.TryAddSingleton<ConversationEngine>(sp =>
        {
            var catalog = sp.GetRequiredService<WorkflowCatalog>();
            return new ConversationEngine(
                [.. catalog.CommandHandlers, .. sp.GetServices<ICommandHandler>()],
                [.. catalog.ActionHandlers, .. sp.GetServices<ICardActionHandler>()],
                [.. catalog.DialogFlows, .. sp.GetServices<IDialogFlow>()],
                sp.GetServices<IIntentRecognizer>(),
                sp.GetRequiredService<WorkspaceDirectory>(),
                sp.GetRequiredService<IDialogStateStore>(),
                sp.GetRequiredService<IPartnerStore>());
        });
        // The host registers a bare default engine first; this one, with every flow, replaces it.
        services.Replace(ServiceDescriptor.Singleton<IConversationEngine>(sp => sp.GetRequiredService<ConversationEngine>()));
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
