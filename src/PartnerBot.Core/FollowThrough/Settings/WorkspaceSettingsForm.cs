using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Settings;

/// <summary>An inclusive range of whole numbers an admin may choose.</summary>
public sealed record SettingRange(int Min, int Max);

/// <summary>
/// What an admin may set. Outside these ranges a rule would either nag daily about things far away or
/// never fire in practice, so the card offers them and the server refuses anything else.
/// </summary>
public static class WorkspaceSettingsLimits
{
    /// <summary>0 means "on the due day itself".</summary>
    public static SettingRange DueSoonDays { get; } = new(0, 30);

    public static SettingRange QuietDays { get; } = new(1, 365);

    public static SettingRange UnfinishedEvaluationDays { get; } = new(1, 365);

    public static SettingRange HealthCheckIntervalDays { get; } = new(14, 366);

    public static SettingRange ReviewLeadDays { get; } = new(1, 180);

    public static SettingRange DigestHour { get; } = new(0, 23);

    /// <summary>
    /// Stages where a relationship is being worked, so silence means something. Earlier stages have the
    /// unfinished-evaluation reminder instead; an ended partner has nobody to talk to.
    /// </summary>
    public static IReadOnlyList<PartnerStage> QuietStages { get; } =
        [PartnerStage.Prioritised, PartnerStage.InTalks, PartnerStage.Formalised, PartnerStage.Active, PartnerStage.UnderReview];
}

/// <summary>A parsed settings submit: both settings when every value was good, else only problems.</summary>
public sealed record WorkspaceSettingsChange(NudgeSettings? Nudges, DigestSettings? Digest, IReadOnlyList<string> Problems)
{
    public bool IsValid => Nudges is not null && Digest is not null;
}

/// <summary>The input ids of the workspace settings card, and reading its submit back.</summary>
public static class WorkspaceSettingsForm
{
    public const string DisabledKinds = "disabledKinds";
    public const string DueSoonDays = "dueSoonDays";
    public const string QuietPrefix = "quiet-";
    public const string UnfinishedEvaluationDays = "unfinishedDays";
    public const string HealthCheckIntervalDays = "healthCheckDays";
    public const string ReviewLeadDays = "reviewLeadDays";
    public const string DigestDay = "digestDay";
    public const string DigestHour = "digestHour";

    public static string QuietId(PartnerStage stage) => QuietPrefix + stage;

    /// <summary>
    /// Reads a submit over the current settings. A field that is absent keeps its value; a field that is present is
    /// checked against its range or its list, and any problem means nothing at all is taken. Where the digest goes is
    /// never read from a submit: only <c>digest here</c> in a real channel sets it.
    /// </summary>
    public static WorkspaceSettingsChange Parse(JsonObject value, NudgeSettings current, DigestSettings currentDigest)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(currentDigest);
        var reader = new SubmitReader(value);
        foreach (var (name, node) in value)
        {
            // Inputs always arrive as strings (numbers from a hand-made submit are fine too); objects, arrays and
            // booleans can only come from a forged submit.
            if (node is not null && node.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number) && IsOurs(name))
            {
                reader.Problem($"\"{Short(name)}\" has a value I cannot read.");
            }
        }

        var disabled = current.DisabledKinds;
        if (value.ContainsKey(DisabledKinds))
        {
            var names = reader.List(DisabledKinds, "Reminders turned off", Enum.GetNames<NudgeKind>(), maxItems: Enum.GetValues<NudgeKind>().Length);
            disabled = names.Select(Enum.Parse<NudgeKind>).ToHashSet();
        }

        var quiet = new Dictionary<PartnerStage, int>(current.QuietDaysByStage);
        foreach (var name in value.Select(p => p.Key).Where(k => k.StartsWith(QuietPrefix, StringComparison.Ordinal)))
        {
            var stageName = name[QuietPrefix.Length..];
            if (stageName.Any(char.IsDigit) || !Enum.TryParse<PartnerStage>(stageName, ignoreCase: false, out var stage) || !WorkspaceSettingsLimits.QuietStages.Contains(stage))
            {
                reader.Problem($"\"{Short(stageName)}\" is not a stage I time quiet partners for.");
                continue;
            }

            var days = reader.Int(name, $"Days without contact ({stage.Label()})", WorkspaceSettingsLimits.QuietDays.Min, WorkspaceSettingsLimits.QuietDays.Max);
            if (days is { } d)
            {
                quiet[stage] = d;
            }
            else if (string.IsNullOrWhiteSpace(reader.Raw(name)))
            {
                // Left empty on purpose: partners in this stage are never counted as quiet.
                quiet.Remove(stage);
            }
        }

        var nudges = current with
        {
            DisabledKinds = disabled,
            DueSoonDays = Number(reader, DueSoonDays, "Days before a next step is due", WorkspaceSettingsLimits.DueSoonDays, current.DueSoonDays),
            QuietDaysByStage = quiet,
            UnfinishedEvaluationDays = Number(reader, UnfinishedEvaluationDays, "Days before an unfinished screening or assessment", WorkspaceSettingsLimits.UnfinishedEvaluationDays, current.UnfinishedEvaluationDays),
            HealthCheckIntervalDays = Number(reader, HealthCheckIntervalDays, "Days between health checks", WorkspaceSettingsLimits.HealthCheckIntervalDays, current.HealthCheckIntervalDays),
            ReviewLeadDays = Number(reader, ReviewLeadDays, "Days before a review or renewal date", WorkspaceSettingsLimits.ReviewLeadDays, current.ReviewLeadDays),
        };

        var day = currentDigest.Day;
        if (value.ContainsKey(DigestDay) && reader.Enum<DayOfWeek>(DigestDay, "The digest's day", required: true) is { } chosenDay)
        {
            day = chosenDay;
        }

        var digest = currentDigest with
        {
            Day = day,
            Hour = Number(reader, DigestHour, "The digest's hour", WorkspaceSettingsLimits.DigestHour, currentDigest.Hour),
        };

        return reader.IsValid ? new WorkspaceSettingsChange(nudges, digest, []) : new WorkspaceSettingsChange(null, null, reader.Problems);
    }

    // Absent keeps the current value; present but empty is a problem, since these rules cannot be "never".
    private static int Number(SubmitReader reader, string name, string label, SettingRange range, int current) =>
        reader.Raw(name) is null ? current : reader.Int(name, label, range.Min, range.Max, required: true) ?? current;

    private static bool IsOurs(string name) =>
        name is DisabledKinds or DueSoonDays or UnfinishedEvaluationDays or HealthCheckIntervalDays or ReviewLeadDays or DigestDay or DigestHour
        || name.StartsWith(QuietPrefix, StringComparison.Ordinal);

    // A forged key could be any length; the answer quotes only the start of it.
    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
