using PartnerBot.Core.Conversations;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Flows;

/// <summary>
/// The stores and services every partnership flow uses, injected once. The partner, history, next-step, dialog,
/// screening and pipeline ports are seams over one stored pipeline per workspace, each shaped for one use.
/// </summary>
public sealed class FlowServices(
    IPartnerStore partners,
    INeedsAssessmentStore needs,
    IPartnerHistoryStore history,
    INextStepStore nextSteps,
    IMemberStore members,
    IDialogStateStore dialogs,
    IScreeningStore screenings,
    IPipelineStore pipelines,
    IProactiveMessenger messenger,
    WorkspaceDirectory directory,
    TimeProvider time,
    IPartnerRemovalStore removals,
    IUnsentMessageStore unsentMessages)
{
    public IPartnerStore Partners { get; } = partners;
    public INeedsAssessmentStore Needs { get; } = needs;
    public IPartnerHistoryStore History { get; } = history;
    public INextStepStore NextSteps { get; } = nextSteps;
    public IMemberStore Members { get; } = members;
    public IDialogStateStore Dialogs { get; } = dialogs;
    public IScreeningStore Screenings { get; } = screenings;
    public IPipelineStore Pipelines { get; } = pipelines;
    public IProactiveMessenger Messenger { get; } = messenger;
    public WorkspaceDirectory Directory { get; } = directory;
    public TimeProvider Time { get; } = time;
    public IPartnerRemovalStore Removals { get; } = removals;
    public IUnsentMessageStore UnsentMessages { get; } = unsentMessages;

    /// <summary>The teams and group chats the bot is in, for the contact picker; none unless the host wires the channel's.</summary>
    public Contacts.IColleagueRoster Roster { get; init; } = Contacts.NoColleagueRoster.Instance;

    /// <summary>Erasing a staff member's personal data; a host without it refuses 'forget' when confirmed.</summary>
    public IStaffErasureStore StaffErasure { get; init; } = NoStaffErasure.Instance;

    /// <summary>Everything a workspace holds, counted and erased at once; nothing unless the host wires a store.</summary>
    public IWorkspaceDataStore WorkspaceData { get; init; } = NoWorkspaceData.Instance;

    /// <summary>Introductions between community actors; none (and none can be recorded) unless the host wires a store.</summary>
    public Introductions.IIntroductionStore Introductions { get; init; } = Core.Introductions.NoIntroductions.Instance;

    /// <summary>The ecosystem health index ('health' alone); without it, 'health' alone asks which partner.</summary>
    public Ecosystem.EcosystemReports? Ecosystem { get; init; }

    public static string NewId() => Guid.NewGuid().ToString("N")[..16];

    /// <summary>Today on the caller's own calendar.</summary>
    public DateOnly TodayFor(Caller caller) => Cards.Dates.Today(Time, caller.Zone);
}
