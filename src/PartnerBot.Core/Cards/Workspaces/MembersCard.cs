using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Cards.Workspaces;

/// <summary>The workspace's members with their roles; admins also get a role form.</summary>
public static class MembersCard
{
    public const string RoleAction = "role.set";

    public static AdaptiveCard Build(IReadOnlyList<Member> members, bool callerIsAdmin)
    {
        var card = new AdaptiveCard
        {
            FallbackText = "Workspace members",
            Body =
            {
                new TextBlock($"Members ({members.Count})") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new FactList { Facts = members.OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase).Select(m => new Fact(m.Name, m.Role.ToString())).ToList() },
                new TextBlock("Staff work on partners; managers also get the weekly digest; admins also change settings and roles.") { IsSubtle = true },
            },
        };
        if (callerIsAdmin)
        {
            card.Actions.Add(new ShowCardAction
            {
                Title = "Change a role",
                Card = new AdaptiveCard
                {
                    Body =
                    {
                        new ChoiceSetInput { Id = "member", Label = "Person", IsRequired = true, ErrorMessage = "Pick a person.", Style = ChoiceStyle.Filtered, Choices = members.Select(m => new Choice(m.Name, m.UserId)).ToList() },
                        new ChoiceSetInput { Id = "role", Label = "Role", IsRequired = true, ErrorMessage = "Pick a role.", Style = ChoiceStyle.Compact, Value = nameof(WorkspaceRole.Manager), Choices = Enum.GetValues<WorkspaceRole>().Select(r => new Choice(r.ToString(), r.ToString())).ToList() },
                    },
                    Actions = { Buttons.Submit("Save role", RoleAction, new JsonObject()) },
                },
            });
        }

        return card;
    }
}
