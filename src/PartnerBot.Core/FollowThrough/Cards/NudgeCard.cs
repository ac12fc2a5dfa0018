using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Cards;

/// <summary>
/// What a nudge card shows: the cause and the partner's state. <paramref name="StepVersion"/> is the step's ETag when
/// the cause is a next step: its buttons carry it, so a click after the step changed does nothing. <paramref name="StepText"/>
/// is the step's text as stored, shown in its Edit box.
/// </summary>
public sealed record NudgeView(NudgeCause Cause, PartnerStage Stage, DateOnly? LastInteraction, int OpenNextSteps, string? StepVersion = null, string? StepText = null);

public static class NudgeCard
{

    public static AdaptiveCard Build(NudgeView view)
    {
        var cause = view.Cause;
        var isStep = IsStep(cause.Kind);
        JsonObject Data(string action)
        {
            var data = new JsonObject
            {
                ["action"] = action,
                ["partnerId"] = cause.PartnerId,
                ["entityId"] = cause.EntityId,
                ["causeKey"] = cause.Key,
                ["kind"] = cause.Kind.ToString(),
            };
            if (isStep && view.StepVersion is not null)
            {
                data["etag"] = view.StepVersion;
            }

            return data;
        }

        var card = new AdaptiveCard
        {
            FallbackText = $"Reminder about {cause.PartnerName}: {cause.Reason}",
            Body =
            {
                new TextBlock($"Reminder: {cause.PartnerName}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(cause.Reason),
                new FactList
                {
                    Facts =
                    {
                        new Fact("Stage", view.Stage.InSentence()),
                        new Fact("Last contact", (view.LastInteraction is { } last ? Dates.Day(last) : "none logged")),
                        new Fact("Open next steps", view.OpenNextSteps.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    },
                },
            },
            Actions =
            {
                new SubmitAction { Title = "Done", Style = ActionStyle.Positive, Data = Data(FollowThroughActions.Done) },
                new ShowCardAction
                {
                    Title = "Log interaction",
                    Card = new AdaptiveCard
                    {
                        Body = { new TextInput { Id = "summary", Label = $"What happened? (at most {Contacts.ContactLog.MaxSummary:N0} characters)", IsRequired = true, ErrorMessage = $"Say briefly what happened (at most {Contacts.ContactLog.MaxSummary:N0} characters).", MaxLength = Contacts.ContactLog.MaxSummary, IsMultiline = true } },
                        Actions = { new SubmitAction { Title = "Log it", Data = Data(FollowThroughActions.LogInteraction) } },
                    },
                },
                new ShowCardAction
                {
                    Title = isStep ? "Reschedule" : "Hand over",
                    Card = isStep
                        ? new AdaptiveCard
                        {
                            Body = { new DateInput { Id = "dueDate", Label = "New due date", IsRequired = true, ErrorMessage = "Pick a date." } },
                            Actions = { new SubmitAction { Title = "Reschedule", Data = Data(FollowThroughActions.Reschedule) } },
                        }
                        : HandOverCard(Data(FollowThroughActions.HandOver)),
                },
                new ShowCardAction
                {
                    Title = "Snooze",
                    Card = new AdaptiveCard
                    {
                        Actions =
                        {
                            new SubmitAction { Title = "1 day", Data = With(Data(FollowThroughActions.Snooze), "length", "day") },
                            new SubmitAction { Title = "1 week", Data = With(Data(FollowThroughActions.Snooze), "length", "week") },
                        },
                    },
                },
            },
        };
        if (cause.Kind == NudgeKind.HealthCheckDue)
        {
            // The check is due: the partner can answer it from their side too (the reminder goes to the contact).
            card.Actions.Add(Health.PartnerRoundFlow.AskButton(cause.PartnerId, cause.PartnerName));
        }

        if (isStep)
        {
            var more = new ActionSet { Actions = { new ShowCardAction { Title = "Hand over", Card = HandOverCard(Data(FollowThroughActions.HandOver)) } } };
            if (view.StepText is { } text)
            {
                more.Actions.Add(EditStep(cause.EntityId, view.StepVersion, text));
            }

            card.Body.Add(more);
        }

        return card;
    }

    /// <summary>Whether a nudge of this kind is about a next step (its entity id is the step's id).</summary>
    public static bool IsStep(NudgeKind kind) => kind is NudgeKind.NextStepDueSoon or NudgeKind.NextStepOverdue;

    /// <summary>
    /// The step's text to edit: the prompt card's own edit (its action and fields), so <see cref="Contacts.NextStepActions"/>
    /// decides it under the same rules, version and limit.
    /// </summary>
    private static ShowCardAction EditStep(string stepId, string? version, string text)
    {
        var data = new JsonObject { ["step"] = stepId };
        if (version is not null)
        {
            data["etag"] = version;
        }

        var max = Core.Cards.Contacts.ContactCards.MaxText;
        return new ShowCardAction
        {
            Title = "Edit step",
            Card = new AdaptiveCard
            {
                Body = { new TextInput { Id = "text", Label = $"Next step (at most {max} characters)", IsRequired = true, MaxLength = max, Value = text, ErrorMessage = $"Say what to do next (at most {max} characters)." } },
                Actions = { Buttons.Submit("Save the step", Core.Cards.Contacts.ContactCards.EditAction, data) },
            },
        };
    }

    private static AdaptiveCard HandOverCard(JsonObject data) => new()
    {
        Body = { new TextInput { Id = "toUser", Label = "Colleague's name or user id", IsRequired = true, ErrorMessage = "Name a colleague.", MaxLength = 200 } },
        Actions = { new SubmitAction { Title = "Hand over", Data = data } },
    };

    private static JsonObject With(JsonObject data, string name, string value)
    {
        data[name] = value;
        return data;
    }
}
