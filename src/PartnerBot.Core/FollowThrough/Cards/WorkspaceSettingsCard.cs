using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.FollowThrough.Settings;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Cards;

/// <summary>
/// The admin's card for the whole library: which reminders go out and when, and when and where the weekly digest goes.
/// Every input shows its default, so an admin can see what they changed.
/// </summary>
public static class WorkspaceSettingsCard
{
    /// <summary>
    /// A stamp of the settings a card was built from. Save refuses a card whose stamp no longer matches, so an admin
    /// working from an older card (another admin saved since, or 'digest here' moved the digest) overwrites nothing.
    /// </summary>
    public static string Version(NudgeSettings nudges, DigestSettings digest)
    {
        ArgumentNullException.ThrowIfNull(nudges);
        ArgumentNullException.ThrowIfNull(digest);
        // Built from the values in a fixed order, not from a serializer, so equal settings always give the same stamp.
        var text = string.Join('\u001f',
            string.Join(',', nudges.DisabledKinds.Select(k => k.ToString()).Order(StringComparer.Ordinal)),
            string.Join(',', nudges.QuietDaysByStage.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}")),
            Whole(nudges.DueSoonDays), Whole(nudges.UnfinishedEvaluationDays), Whole(nudges.HealthCheckIntervalDays), Whole(nudges.ReviewLeadDays),
            digest.Day.ToString(), Whole(digest.Hour), digest.ChannelConversationId ?? "", digest.ChannelServiceUrl ?? "");
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    public static AdaptiveCard Build(NudgeSettings nudges, DigestSettings digest)
    {
        ArgumentNullException.ThrowIfNull(nudges);
        ArgumentNullException.ThrowIfNull(digest);
        var defaults = NudgeSettings.Default;
        var digestDefaults = new DigestSettings();
        var card = new AdaptiveCard
        {
            FallbackText = "Follow-up settings for your library",
            Body =
            {
                new TextBlock("Follow-up settings for your library") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock($"These apply to everyone in this workspace. Each person can still set their own working hours and mute reminders with '{FollowThroughCommands.Nudges.Name}'.") { IsSubtle = true },
                new TextBlock("Reminders to contact people") { Weight = TextWeight.Bolder, Separator = true },
                new ChoiceSetInput
                {
                    Id = WorkspaceSettingsForm.DisabledKinds,
                    Label = "Reminders turned off for everyone (default: none)",
                    IsMultiSelect = true,
                    Style = ChoiceStyle.Expanded,
                    Choices = Enum.GetValues<NudgeKind>().Select(k => new Choice(NudgeSettingsCard.KindName(k), k.ToString())).ToList(),
                    Value = string.Join(",", nudges.DisabledKinds.Order()),
                },
                Days(WorkspaceSettingsForm.DueSoonDays, "Remind this many days before a next step is due", nudges.DueSoonDays, defaults.DueSoonDays, WorkspaceSettingsLimits.DueSoonDays),
                new TextBlock($"Remind the contact when nobody has logged contact with a partner for this many days ({WorkspaceSettingsLimits.QuietDays.Min} to {WorkspaceSettingsLimits.QuietDays.Max}). Leave a stage empty to never remind for it.") { IsSubtle = true },
            },
        };

        foreach (var stage in WorkspaceSettingsLimits.QuietStages)
        {
            var range = WorkspaceSettingsLimits.QuietDays;
            var fallback = defaults.QuietDaysByStage.TryGetValue(stage, out var d) ? Whole(d) : "never";
            // No min or max here: the Adaptive Cards renderer reads an empty number box as NaN, which fails any range,
            // so an optional box with a range could never be left empty. The submit's own check enforces the range.
            card.Body.Add(new NumberInput
            {
                Id = WorkspaceSettingsForm.QuietId(stage),
                Label = $"{stage.Label()} (default {fallback})",
                Value = nudges.QuietDaysByStage.TryGetValue(stage, out var days) ? days : null,
                Placeholder = "never",
            });
        }

        card.Body.Add(Days(WorkspaceSettingsForm.UnfinishedEvaluationDays, "Remind about a screening or assessment left unfinished after this many days", nudges.UnfinishedEvaluationDays, defaults.UnfinishedEvaluationDays, WorkspaceSettingsLimits.UnfinishedEvaluationDays));
        card.Body.Add(Days(WorkspaceSettingsForm.HealthCheckIntervalDays, "Ask for a health check of each active partner every this many days", nudges.HealthCheckIntervalDays, defaults.HealthCheckIntervalDays, WorkspaceSettingsLimits.HealthCheckIntervalDays));
        card.Body.Add(Days(WorkspaceSettingsForm.ReviewLeadDays, "Remind this many days before a review or renewal date", nudges.ReviewLeadDays, defaults.ReviewLeadDays, WorkspaceSettingsLimits.ReviewLeadDays));

        card.Body.Add(new TextBlock("Weekly digest") { Weight = TextWeight.Bolder, Separator = true });
        card.Body.Add(new TextBlock(WhereItGoes(digest)) { Id = "digestTarget" });
        card.Body.Add(new ChoiceSetInput
        {
            Id = WorkspaceSettingsForm.DigestDay,
            Label = $"Day (default {digestDefaults.Day})",
            Style = ChoiceStyle.Compact,
            Choices = Week().Select(d => new Choice(d.ToString(), d.ToString())).ToList(),
            Value = digest.Day.ToString(),
            IsRequired = true,
            ErrorMessage = "Pick a day.",
        });
        card.Body.Add(new ChoiceSetInput
        {
            Id = WorkspaceSettingsForm.DigestHour,
            Label = digest.GoesToChannel
                ? $"Hour, in the library's time zone (default {Hour(digestDefaults.Hour)})"
                : $"Hour, in each manager's own time zone (default {Hour(digestDefaults.Hour)})",
            Style = ChoiceStyle.Compact,
            Choices = Enumerable.Range(WorkspaceSettingsLimits.DigestHour.Min, WorkspaceSettingsLimits.DigestHour.Max - WorkspaceSettingsLimits.DigestHour.Min + 1).Select(h => new Choice(Hour(h), Whole(h))).ToList(),
            Value = Whole(digest.Hour),
            IsRequired = true,
            ErrorMessage = "Pick an hour.",
        });

        card.Actions.Add(new SubmitAction { Title = "Save", Style = ActionStyle.Positive, Data = new JsonObject { ["action"] = FollowThroughActions.SaveWorkspaceSettings, ["version"] = Version(nudges, digest) } });
        card.Actions.Add(new SubmitAction { Title = "Back to defaults", AssociatedInputs = "none", Data = new JsonObject { ["action"] = FollowThroughActions.ResetWorkspaceSettings } });
        if (digest.GoesToChannel)
        {
            card.Actions.Add(new SubmitAction { Title = "Digest to managers' own chats", AssociatedInputs = "none", Data = new JsonObject { ["action"] = FollowThroughActions.DigestToPersonalChats } });
        }

        return card;
    }

    /// <summary>One sentence on where the digest goes now and how to change it.</summary>
    public static string WhereItGoes(DigestSettings digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest.GoesToChannel
            ? $"It goes to the team channel {(string.IsNullOrWhiteSpace(digest.ChannelName) ? "an admin chose" : "\u201C" + digest.ChannelName + "\u201D")}. Type '{FollowThroughCommands.DigestPersonal.Name}' to send it to each manager's own chat instead."
            : $"It goes to each manager's own chat with me. To post it in a team channel instead, add me to the team and type '{FollowThroughCommands.DigestHere.Name}' in that channel.";
    }

    private static NumberInput Days(string id, string label, int value, int fallback, SettingRange range) => new()
    {
        Id = id,
        Label = $"{label} (default {Whole(fallback)})",
        Min = range.Min,
        Max = range.Max,
        Value = value,
        IsRequired = true,
        ErrorMessage = $"A whole number from {range.Min} to {range.Max}.",
    };

    private static IEnumerable<DayOfWeek> Week() => Enumerable.Range(1, 7).Select(i => (DayOfWeek)(i % 7));

    private static string Hour(int hour) => hour.ToString("00", CultureInfo.InvariantCulture) + ":00";

    private static string Whole(int number) => number.ToString(CultureInfo.InvariantCulture);
}
