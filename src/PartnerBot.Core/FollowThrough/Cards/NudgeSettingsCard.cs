using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;

namespace PartnerBot.Core.FollowThrough.Cards;

/// <summary>The person's own nudge settings: working hours, quiet hours, working days, vacation, kinds.</summary>
public static class NudgeSettingsCard
{
    /// <summary>The input holding the person's zone: an IANA id, or <see cref="ZoneChoices.FollowTeams"/>.</summary>
    public const string ZoneInput = "timeZone";

    /// <param name="prefs">The person's delivery preferences.</param>
    /// <param name="effectiveZone">The zone they are in now (chosen, reported by Teams, or the library's).</param>
    /// <param name="chosenZone">The zone they chose themselves; null when they follow what Teams reports.</param>
    /// <param name="now">For each zone's offset today; null leaves the zone picker out.</param>
    public static AdaptiveCard Build(DeliveryPreferences prefs, string effectiveZone, string? chosenZone = null, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(prefs);
        static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
        var zonePicker = now is not { } at ? null : new ChoiceSetInput
        {
            Id = ZoneInput,
            Label = "Your time zone",
            Style = ChoiceStyle.Filtered,
            IsRequired = true,
            ErrorMessage = "Pick a time zone, or follow Teams.",
            Value = chosenZone ?? ZoneChoices.FollowTeams,
            Choices = [new Choice(chosenZone is null ? $"Follow Teams (now {effectiveZone})" : "Follow Teams", ZoneChoices.FollowTeams), .. ZoneChoices.All(at)],
        };
        var card = new AdaptiveCard
        {
            FallbackText = "Your nudge settings",
            Body =
            {
                new TextBlock("Your nudge settings") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock($"Times are in your time zone ({effectiveZone}).") { IsSubtle = true },
                new TextInput { Id = "workStart", Label = "Working hours start (HH:mm)", Value = Hm(prefs.WorkStart), Regex = "^([01]\\d|2[0-3]):[0-5]\\d$", ErrorMessage = "Use HH:mm, e.g. 09:00." },
                new TextInput { Id = "workEnd", Label = "Working hours end (HH:mm)", Value = Hm(prefs.WorkEnd), Regex = "^([01]\\d|2[0-3]):[0-5]\\d$", ErrorMessage = "Use HH:mm, e.g. 17:00." },
                new TextInput { Id = "quietStart", Label = "Quiet hours start (HH:mm)", Value = Hm(prefs.QuietStart), Regex = "^([01]\\d|2[0-3]):[0-5]\\d$", ErrorMessage = "Use HH:mm." },
                new TextInput { Id = "quietEnd", Label = "Quiet hours end (HH:mm)", Value = Hm(prefs.QuietEnd), Regex = "^([01]\\d|2[0-3]):[0-5]\\d$", ErrorMessage = "Use HH:mm." },
                new ChoiceSetInput
                {
                    Id = "workingDays",
                    Label = "Working days",
                    IsMultiSelect = true,
                    Style = ChoiceStyle.Expanded,
                    Choices = Enum.GetValues<DayOfWeek>().Select(d => new Choice(d.ToString(), d.ToString())).ToList(),
                    Value = string.Join(",", prefs.WorkingDays.Order()),
                },
                new DateInput { Id = "vacationUntil", Label = "On vacation until (no nudges up to and including this day)", Value = prefs.VacationUntil is { } until ? Dates.InputValue(until) : null },
                new ChoiceSetInput
                {
                    Id = "mutedKinds",
                    Label = "Nudges I do not want",
                    IsMultiSelect = true,
                    Style = ChoiceStyle.Expanded,
                    Choices = Enum.GetValues<NudgeKind>().Select(k => new Choice(KindName(k), k.ToString())).ToList(),
                    Value = string.Join(",", prefs.MutedKinds.Order()),
                },
            },
            Actions = { new SubmitAction { Title = "Save", Style = ActionStyle.Positive, Data = new JsonObject { ["action"] = FollowThroughActions.SaveSettings } } },
        };
        if (zonePicker is not null)
        {
            card.Body.Insert(2, zonePicker);
        }

        return card;
    }

    /// <summary>
    /// The zone a submit asks for: <c>Chosen</c> an IANA id, or null to follow Teams; <c>Present</c> false when the card
    /// had no zone picker; a problem for a zone I do not know.
    /// </summary>
    public static (bool Present, string? Chosen, string? Problem) ParseZone(JsonObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value[ZoneInput] is not JsonValue v || !v.TryGetValue<string>(out var text) || string.IsNullOrWhiteSpace(text))
        {
            return (false, null, null);
        }

        text = text.Trim();
        if (text == ZoneChoices.FollowTeams)
        {
            return (true, null, null);
        }

        return TimeZones.Find(text) is null
            ? (true, null, $"I do not know the time zone \"{(text.Length <= 40 ? text : text[..40] + "…")}\"; pick one from the list.")
            : (true, text, null);
    }

    public static string KindName(NudgeKind kind) => kind switch
    {
        NudgeKind.NextStepDueSoon => "Next step due soon",
        NudgeKind.NextStepOverdue => "Next step overdue",
        NudgeKind.QuietPartner => "No contact with a partner for a while",
        NudgeKind.UnfinishedEvaluation => "Screening or assessment not finished",
        NudgeKind.HealthCheckDue => "Health check due",
        NudgeKind.ReviewApproaching => "Review date approaching",
        NudgeKind.RenewalApproaching => "Renewal date approaching",
        _ => kind.ToString(),
    };

    /// <summary>Reads a submit back into preferences; unknown or malformed values come back as problems, never as a crash.</summary>
    public static (DeliveryPreferences? Preferences, IReadOnlyList<string> Problems) Parse(JsonObject value, DeliveryPreferences current)
    {
        var problems = new List<string>();
        TimeOnly Time(string name, TimeOnly fallback)
        {
            var text = (value[name] as JsonValue)?.TryGetValue<string>(out var s) == true ? s : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }

            if (TimeOnly.TryParseExact(text.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
            {
                return t;
            }

            problems.Add($"\"{text}\" is not a time like 09:00.");
            return fallback;
        }

        IReadOnlySet<T> Set<T>(string name, IReadOnlySet<T> fallback)
            where T : struct, Enum
        {
            if (value[name] is not JsonValue v || !v.TryGetValue<string>(out var s))
            {
                return fallback;
            }

            var result = new HashSet<T>();
            foreach (var part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Enum.TryParse<T>(part, ignoreCase: false, out var e) && Enum.IsDefined(e))
                {
                    result.Add(e);
                }
                else
                {
                    problems.Add($"\"{part}\" is not a choice I know.");
                }
            }

            return result;
        }

        DateOnly? vacation = current.VacationUntil;
        if (value["vacationUntil"] is JsonValue vv && vv.TryGetValue<string>(out var vs))
        {
            if (string.IsNullOrWhiteSpace(vs))
            {
                vacation = null;
            }
            else if (DateOnly.TryParseExact(vs.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                vacation = d;
            }
            else
            {
                problems.Add($"\"{vs}\" is not a date.");
            }
        }

        var next = current with
        {
            WorkStart = Time("workStart", current.WorkStart),
            WorkEnd = Time("workEnd", current.WorkEnd),
            QuietStart = Time("quietStart", current.QuietStart),
            QuietEnd = Time("quietEnd", current.QuietEnd),
            WorkingDays = Set("workingDays", current.WorkingDays),
            MutedKinds = Set("mutedKinds", current.MutedKinds),
            VacationUntil = vacation,
        };
        problems.AddRange(next.Validate());
        return problems.Count > 0 ? (null, problems) : (next, problems);
    }
}
