using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PartnerBot.Core.Stores;
using PartnerBot.Storage.Ecosystem;
using PartnerBot.Storage.Needs;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Tables;
using PartnerBot.Storage.Workspaces;

namespace PartnerBot.Storage;

/// <summary>The Table Storage stores of the partnership flows, and the tables they need.</summary>
public static class PartnershipStorage
{
    public static IReadOnlyList<string> TableNames { get; } =
    [
        TableWorkspaceStore.TableName,
        TableMemberStore.TableName,
        PipelineTable.Name,
        TableNeedsAssessmentStore.TableName,
    ];

    /// <summary>Registers the stores; call AddTableStorage too (it is safe to call more than once).</summary>
    public static IServiceCollection AddPartnershipStores(this IServiceCollection services)
    {
        foreach (var name in TableNames)
        {
            services.AddTable(name);
        }

        services.TryAddSingleton<TableMemberStore>();
        services.TryAddSingleton<IMemberStore>(sp => sp.GetRequiredService<TableMemberStore>());
        services.TryAddSingleton<IRoleStore>(sp => sp.GetRequiredService<TableMemberStore>());
        services.TryAddSingleton<IWorkspaceStore, TableWorkspaceStore>();
        services.TryAddSingleton<INeedsAssessmentStore, TableNeedsAssessmentStore>();
        services.AddPipelineStores();
        services.AddEcosystemSnapshots();
        services.TryAddSingleton<WorkspaceData.TableWorkspaceDataStore>();
        services.TryAddSingleton<IWorkspaceExportStore>(sp => sp.GetRequiredService<WorkspaceData.TableWorkspaceDataStore>());
        services.TryAddSingleton<IStaffErasureStore>(sp => sp.GetRequiredService<WorkspaceData.TableWorkspaceDataStore>());
        return services;
    }

    /// <summary>The ports over the one <c>Pipeline</c> table.</summary>
    public static IServiceCollection AddPipelineStores(this IServiceCollection services)
    {
        services.TryAddSingleton<IPartnerStore, TablePartnerStore>();
        services.TryAddSingleton<TablePartnerHistoryStore>();
        services.TryAddSingleton<IPartnerHistoryStore>(sp => sp.GetRequiredService<TablePartnerHistoryStore>());
        services.TryAddSingleton<Core.FollowThrough.Health.IPartnerRoundStore>(sp => sp.GetRequiredService<TablePartnerHistoryStore>());
        services.TryAddSingleton<INextStepStore, TableNextStepStore>();
        services.TryAddSingleton<IDialogStateStore, TableDialogStateStore>();
        services.TryAddSingleton<TablePipelineStore>();
        services.TryAddSingleton<IPipelineStore>(sp => sp.GetRequiredService<TablePipelineStore>());
        services.TryAddSingleton<IScreeningStore>(sp => sp.GetRequiredService<TablePipelineStore>());
        services.TryAddSingleton<IPartnerRemovalStore, TablePartnerRemovalStore>();
        services.TryAddSingleton<Core.Introductions.IIntroductionStore, TableIntroductionStore>();
        return services;
    }
}
