using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.FollowThrough;
using PartnerBot.Storage.Needs;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Tables;
using PartnerBot.Storage.Workspaces;
using PartnerBot.Testing;

namespace PartnerBot.Storage.Tests.Support;

/// <summary>
/// The conversation engine over the real Table stores on Azurite, in tables of its own (a fresh prefix per
/// test). <see cref="Restart"/> builds new stores and a new engine over the same tables, as a host restart would.
/// </summary>
public sealed class TableBot
{
    private TableBot(TableProvider tables, RequestLog log)
    {
        Tables = tables;
        Log = log;
        Engine = Build();
    }

    public TableProvider Tables { get; }

    public RequestLog Log { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public RecordingMessenger Messenger { get; } = new();

    public ConversationEngine Engine { get; private set; }

    /// <summary>Who the directory says people are; everyone is staff unless a test says otherwise.</summary>
    public FakeRoster Roster { get; } = new();

    /// <summary>Admins named in configuration; set before <see cref="Restart"/>.</summary>
    public ConfiguredAdmins Admins { get; set; } = ConfiguredAdmins.None;

    public WorkspaceDirectory Directory { get; private set; } = null!;

    public TableMemberStore Members => new(Tables);

    public TableWorkspaceStore Workspaces => new(Tables, Members);

    public TablePartnerStore Partners => new(Tables);

    public TablePartnerHistoryStore History => new(Tables);

    public TableNextStepStore NextSteps => new(Tables);

    public TablePipelineStore Pipeline => new(Tables);

    public TableDialogStateStore Dialogs => new(Tables);

    public TablePartnerRemovalStore Removals => new(Tables);

    /// <summary>The follow-through outbox over the same tables; erasing removes the unsent messages naming a partner from it.</summary>
    public TableOutboxStore Outbox => new(Tables);

    public static async Task<TableBot> CreateAsync()
    {
        var connection = await AzuriteServer.GetConnectionStringAsync();
        var log = new RequestLog();
        var options = new TableClientOptions();
        options.AddPolicy(log, HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(connection, options);
        var prefix = "wf" + Guid.NewGuid().ToString("N")[..10];
        var tables = new TableProvider(service, Options.Create(new TableStorageOptions { ConnectionString = connection, TablePrefix = prefix }));
        foreach (var name in PartnershipStorage.TableNames.Append(TableOutboxStore.TableName).Append(TableOutboxStore.KeysTableName))
        {
            await tables.GetTable(name).CreateIfNotExistsAsync();
        }

        log.Clear();
        return new TableBot(tables, log);
    }

    public ConversationEngine Restart() => Engine = Build();

    public Transcript Talk(string tenant, string userId, string name) => new(Engine, new UserRef(tenant, userId, name));

    private ConversationEngine Build()
    {
        var members = new TableMemberStore(Tables);
        var workspaces = new TableWorkspaceStore(Tables, members);
        var partners = new TablePartnerStore(Tables);
        var history = new TablePartnerHistoryStore(Tables);
        var dialogs = new TableDialogStateStore(Tables);
        var pipeline = new TablePipelineStore(Tables);
        var directory = Directory = new WorkspaceDirectory(workspaces, members, members, Roster, Admins, Time);
        var services = new FlowServices(partners, new TableNeedsAssessmentStore(Tables), history, new TableNextStepStore(Tables), members, dialogs, pipeline, pipeline, Messenger, directory, Time, new TablePartnerRemovalStore(Tables), new TableOutboxStore(Tables))
        {
            StaffErasure = new Storage.WorkspaceData.TableWorkspaceDataStore(Tables),
            Introductions = new TableIntroductionStore(Tables),
        };
        return new ConversationEngine(PartnershipFlows.All(services), [], directory, dialogs, partners);
    }
}

public sealed class RecordingMessenger : IProactiveMessenger
{
    public List<(WorkspaceKey Workspace, string UserId, IReadOnlyList<BotReply> Replies)> Sent { get; } = [];

    public Task SendAsync(WorkspaceKey workspace, string userId, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken)
    {
        lock (Sent)
        {
            Sent.Add((workspace, userId, replies));
        }

        return Task.CompletedTask;
    }
}
