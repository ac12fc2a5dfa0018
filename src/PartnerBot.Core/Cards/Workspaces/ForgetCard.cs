using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Cards.Workspaces;

/// <summary>What erasing a person would change, counted from the workspace's pipeline before anything changes.</summary>
public sealed record ForgetPreview(int OpenSteps, int Steps, int PartnersAsContact, int Screenings, int Assessments, int LoggedContacts, int HealthChecks);

/// <summary>The confirmation of 'forget &lt;name&gt;': names the person and everything that will change.</summary>
public static class ForgetCard
{
    public const string ConfirmAction = "member.forget";

    public static AdaptiveCard Confirm(Stored<Member> member, ForgetPreview preview)
    {
        var name = member.Value.Name;
        var renamed = new List<Fact>();
        Add(renamed, "Next steps", preview.Steps, preview.OpenSteps > 0 ? $" ({preview.OpenSteps} still open)" : "");
        Add(renamed, "Partners they are contact for", preview.PartnersAsContact, "");
        Add(renamed, "Screenings", preview.Screenings, "");
        Add(renamed, "Assessments", preview.Assessments, "");
        Add(renamed, "Logged contacts", preview.LoggedContacts, "");
        Add(renamed, "Health checks", preview.HealthChecks, "");
        var card = new AdaptiveCard
        {
            FallbackText = $"Erase {name}'s personal data?",
            Body =
            {
                new TextBlock($"Erase {name}'s personal data?") { Size = TextSize.Medium, Weight = TextWeight.Bolder, Wrap = true },
                new TextBlock($"Removed: {name}'s membership of this workspace, their reminder settings and any question they have open.") { Wrap = true },
                new TextBlock(renamed.Count == 0
                    ? "Nothing else in the workspace names them."
                    : $"Kept, with {name} replaced by \"{StaffErasure.FormerStaffName}\" (what happened and when stays):") { Wrap = true },
            },
            Actions =
            {
                new SubmitAction
                {
                    Title = "Erase " + name,
                    Style = ActionStyle.Destructive,
                    Data = new JsonObject { ["action"] = ConfirmAction, ["member"] = member.Value.UserId, ["etag"] = member.ETag },
                    AssociatedInputs = "none",
                },
                Buttons.Dismiss("forget"),
            },
        };
        if (renamed.Count > 0)
        {
            card.Body.Add(new FactList { Facts = renamed });
        }

        card.Body.Add(new TextBlock("Their open next steps stay open with no one assigned until someone takes them over. This cannot be undone.") { IsSubtle = true, Wrap = true });
        return card;
    }

    private static void Add(List<Fact> facts, string what, int count, string more)
    {
        if (count > 0)
        {
            facts.Add(new Fact(what, count.ToString(System.Globalization.CultureInfo.InvariantCulture) + more));
        }
    }
}
