using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Tables;

namespace PartnerBot.Storage.Pipeline;

/// <summary>
/// One table holds what a workspace's pipeline is made of, all in the workspace's partition, so a screening turn
/// reads with one query and writes with one entity-group transaction, naming a contact writes the partner and its
/// next step in one transaction, and a digest reads the whole pipeline with one query. Row keys, in sort order:
/// <list type="bullet">
/// <item><c>audit|{id}</c>: a record that a partner was erased, holding none of its data;</item>
/// <item><c>dialog|{user}</c>: what the person has open;</item>
/// <item><c>history|{partner}|{kind}|{id}</c>: screenings, assessments, interactions, health checks and the formalisation;</item>
/// <item><c>intro|{id}</c>: an introduction between two partners, with plain <c>FirstPartner</c> and <c>SecondPartner</c>
/// columns naming them;</item>
/// <item><c>partner|{partner}</c>: the partner;</item>
/// <item><c>step|{step}</c>: a next step, its only copy, with plain <c>Partner</c>, <c>Assignee</c> and <c>Status</c>
/// columns, so a partner's history and a person's open steps are filters within the one partition and a click on
/// a step's card is one point read.</item>
/// </list>
/// </summary>
public static class PipelineTable
{
    public const string Name = "Pipeline";

    public const string PartnerPrefix = "partner";
    public const string HistoryPrefix = "history";
    public const string DialogPrefix = "dialog";
    public const string StepPrefix = "step";
    public const string AuditPrefix = "audit";
    public const string IntroductionPrefix = "intro";

    public static string Partition(WorkspaceKey workspace) => JsonRows.WorkspacePartition(workspace);

    public static string PartnerRow(string partnerId) => KeyEncoder.Compose(PartnerPrefix, partnerId);

    public static string HistoryRow(string partnerId, string kind, string id) => KeyEncoder.Compose(HistoryPrefix, partnerId, kind, id);

    public static string DialogRow(string userId) => KeyEncoder.Compose(DialogPrefix, userId);

    public static string StepRow(string stepId) => KeyEncoder.Compose(StepPrefix, stepId);

    public static string AuditRow(string id) => KeyEncoder.Compose(AuditPrefix, id);

    public static string IntroductionRow(string introductionId) => KeyEncoder.Compose(IntroductionPrefix, introductionId);

    /// <summary>A filter for every row whose key starts with these (unencoded) parts.</summary>
    public static string Under(params string[] parts) => KeyEncoder.RowKeysUnder(parts);

    public static bool IsPartnerRow(string rowKey) => rowKey.StartsWith(PartnerPrefix + "|", StringComparison.Ordinal);

    public static bool IsDialogRow(string rowKey) => rowKey.StartsWith(DialogPrefix + "|", StringComparison.Ordinal);

    public static bool IsStepRow(string rowKey) => rowKey.StartsWith(StepPrefix + "|", StringComparison.Ordinal);

    public static bool IsIntroductionRow(string rowKey) => rowKey.StartsWith(IntroductionPrefix + "|", StringComparison.Ordinal);

    /// <summary>The partner a history row belongs to, from its key.</summary>
    public static string PartnerOfHistoryRow(string rowKey) => KeyEncoder.Decode(rowKey.Split('|')[1]);
}
