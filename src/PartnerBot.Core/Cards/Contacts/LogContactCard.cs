using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Cards.Contacts;

/// <summary>Logging a call, a meeting, an e-mail or a visit with a partner: what happened and when.</summary>
public static class LogContactCard
{
    public const string SaveAction = "contact.log";
    public const string EditOpenAction = "contact.edit-open";
    public const string EditAction = "contact.edit";

    /// <summary>The log form; with <paramref name="editable"/> (the latest contact the person may edit) it also offers to edit that one.</summary>
    public static AdaptiveCard Form(Partner partner, DateOnly today, Interaction? editable = null)
    {
        var card = Form(partner, today);
        if (editable is not null)
        {
            card.Actions.Insert(1, Buttons.Open("Edit the last contact", EditOpenAction, new JsonObject { ["partner"] = partner.Id, ["interaction"] = editable.Id }));
        }

        return card;
    }

    /// <summary>Editing a logged contact: its text and day, with the row's version so a stale card changes nothing.</summary>
    public static AdaptiveCard EditForm(Partner partner, Interaction interaction, string version, DateOnly day, DateOnly today) => new()
    {
        FallbackText = $"Edit a contact with {partner.Name}",
        Body =
        {
            new TextBlock($"Edit a contact with {partner.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
            new TextBlock("The quiet-partner reminder counts from the day you save.") { IsSubtle = true },
            new TextInput
            {
                Id = "summary",
                Label = $"What happened (at most {ContactLog.MaxSummary:N0} characters)",
                IsMultiline = true,
                IsRequired = true,
                MaxLength = ContactLog.MaxSummary,
                Value = interaction.Summary,
                ErrorMessage = $"Say briefly what happened, in at most {ContactLog.MaxSummary:N0} characters.",
            },
            new DateInput
            {
                Id = "date",
                Label = "When",
                IsRequired = true,
                Value = Dates.InputValue(day),
                Max = Dates.InputValue(today),
                ErrorMessage = "Pick the day it happened (today or earlier).",
            },
        },
        Actions =
        {
            Buttons.Submit("Save changes", EditAction, new JsonObject { ["partner"] = partner.Id, ["interaction"] = interaction.Id, ["version"] = version }),
            Buttons.Cancel(),
        },
    };

    private static AdaptiveCard Form(Partner partner, DateOnly today) => new()
    {
        FallbackText = $"Log a contact with {partner.Name}",
        Body =
        {
            new TextBlock($"Log a contact with {partner.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
            new TextBlock("A call, a meeting, an e-mail or a visit. It counts as keeping in touch, so the quiet-partner reminder starts again from its date.") { IsSubtle = true },
            new TextInput
            {
                Id = "summary",
                Label = $"What happened (at most {ContactLog.MaxSummary:N0} characters)",
                IsMultiline = true,
                IsRequired = true,
                MaxLength = ContactLog.MaxSummary,
                Placeholder = "e.g. Called Ana about the autumn reading festival; she will check dates with her board.",
                ErrorMessage = $"Say briefly what happened, in at most {ContactLog.MaxSummary:N0} characters.",
            },
            new DateInput
            {
                Id = "date",
                Label = "When",
                IsRequired = true,
                Value = Dates.InputValue(today),
                Max = Dates.InputValue(today),
                ErrorMessage = "Pick the day it happened (today or earlier).",
            },
        },
        Actions =
        {
            Buttons.Submit("Log it", SaveAction, new JsonObject { ["partner"] = partner.Id }),
            Buttons.Cancel(),
        },
    };
}
