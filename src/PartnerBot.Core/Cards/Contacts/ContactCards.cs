using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Cards.Contacts;

/// <summary>Naming a partner's contact, and the next-step prompt the contact gets.</summary>
public static class ContactCards
{
    public const string SaveAction = "contact.save";
    public const string DoneAction = "step.done";
    public const string RescheduleAction = "step.reschedule";
    public const string HandOverAction = "step.handover";
    public const string EditAction = "step.edit";
    public const int MaxText = 500;

    /// <param name="stored">The partner.</param>
    /// <param name="members">Everyone who may be named: the workspace's members and the colleagues on its rosters.</param>
    /// <param name="today">The first date the step may be due.</param>
    /// <param name="rosterProblem">One line saying the rosters could not be read, so only known people are listed.</param>
    public static AdaptiveCard Form(Stored<Partner> stored, IReadOnlyList<Member> members, DateOnly today, string? rosterProblem = null)
    {
        var p = stored.Value;
        var people = members.OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).Select(m => new Choice(m.Name, m.UserId)).ToList();
        var card = new AdaptiveCard
        {
            FallbackText = $"Contact person for {p.Name}",
            Body =
            {
                new TextBlock($"Contact person for {p.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock("One named person (or a small team) is the partner's way in. The lead gets the next step in their own chat.") { IsSubtle = true },
                new ChoiceSetInput { Id = "lead", Label = "Lead contact", IsRequired = true, ErrorMessage = "Pick the lead contact.", Style = ChoiceStyle.Filtered, Value = p.Contact?.UserIds.FirstOrDefault(), Choices = people },
                new ChoiceSetInput { Id = "team", Label = "Others in the team (optional)", IsMultiSelect = true, Style = ChoiceStyle.Expanded, Value = p.Contact is null ? null : string.Join(',', p.Contact.UserIds.Skip(1)), Choices = people },
                new TextInput { Id = "step", Label = "Next step", IsRequired = true, MaxLength = MaxText, Placeholder = "e.g. Call their education officer to propose a first meeting", ErrorMessage = $"Say what to do next (at most {MaxText} characters)." },
                new DateInput { Id = "due", Label = "Due by", IsRequired = true, Min = Dates.InputValue(today), Value = Dates.InputValue(today.AddDays(7)), ErrorMessage = "Pick a due date from today on." },
                new TextInput { Id = "why", Label = "Why it matters (optional)", IsMultiline = true, MaxLength = MaxText, ErrorMessage = $"At most {MaxText} characters." },
            },
            Actions =
            {
                Buttons.Submit("Save and notify", SaveAction, new JsonObject { ["partner"] = p.Id, ["etag"] = stored.ETag }),
                Buttons.Cancel(),
            },
        };
        if (rosterProblem is not null)
        {
            card.Body.Insert(2, new TextBlock(rosterProblem) { IsSubtle = true });
        }

        return card;
    }

    /// <summary>The prompt: who the partner is, why it matters, what to do by when, with Done / Reschedule / Hand over.</summary>
    public static AdaptiveCard Prompt(Stored<NextStep> stored, Partner partner, IReadOnlyList<Member> members, DateOnly today)
    {
        var step = stored.Value;
        var data = new JsonObject { ["step"] = step.Id, ["etag"] = stored.ETag };
        var facts = new List<Fact>
        {
            new("Partner", $"{partner.Name} ({PartnerCatalog.Label(partner.Type)}, {partner.Stage.InSentence()})"),
            new("Due", Dates.Day(step.DueDate) + (step.DueDate < today ? " (overdue)" : "")),
        };
        if (step.Why.Length > 0)
        {
            facts.Insert(1, new Fact("Why", step.Why));
        }
        else if (partner.Clusters.Count > 0)
        {
            facts.Insert(1, new Fact("Why", "Works in " + string.Join(", ", partner.Clusters)));
        }

        var others = members.Where(m => m.UserId != step.AssigneeUserId).OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        var card = new AdaptiveCard
        {
            FallbackText = $"Next step for {partner.Name}: {step.Description} (due {Dates.Day(step.DueDate)})",
            Body =
            {
                new TextBlock("Your next step") { IsSubtle = true },
                new TextBlock(step.Description) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new FactList { Facts = facts },
            },
            Actions =
            {
                Buttons.Submit("Done", DoneAction, data.DeepClone().AsObject()),
                new ShowCardAction
                {
                    Title = "Reschedule",
                    Card = new AdaptiveCard
                    {
                        Body = { new DateInput { Id = "due", Label = "New due date", IsRequired = true, Min = Dates.InputValue(today), Value = Dates.InputValue(step.DueDate < today ? today.AddDays(7) : step.DueDate.AddDays(7)), ErrorMessage = "Pick a date from today on." } },
                        Actions = { Buttons.Submit("Reschedule", RescheduleAction, data.DeepClone().AsObject()) },
                    },
                },
            },
        };
        if (others.Count > 0)
        {
            card.Actions.Add(new ShowCardAction
            {
                Title = "Hand over",
                Card = new AdaptiveCard
                {
                    Body = { new ChoiceSetInput { Id = "assignee", Label = "Hand over to", IsRequired = true, ErrorMessage = "Pick a colleague.", Style = ChoiceStyle.Filtered, Choices = others.Select(m => new Choice(m.Name, m.UserId)).ToList() } },
                    Actions = { Buttons.Submit("Hand over", HandOverAction, data.DeepClone().AsObject()) },
                },
            });
        }

        card.Actions.Add(new ShowCardAction
        {
            Title = "Edit",
            Card = new AdaptiveCard
            {
                Body = { new TextInput { Id = "text", Label = $"Next step (at most {MaxText} characters)", IsRequired = true, MaxLength = MaxText, Value = step.Description, ErrorMessage = $"Say what to do next (at most {MaxText} characters)." } },
                Actions = { Buttons.Submit("Save the step", EditAction, data.DeepClone().AsObject()) },
            },
        });
        return card;
    }
}
