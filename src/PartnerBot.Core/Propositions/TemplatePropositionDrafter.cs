using System.Text;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using static PartnerBot.Core.Cards.Prose;

namespace PartnerBot.Core.Propositions;

/// <summary>
/// The default drafter: a proposition letter filled from the workspace's data. It follows the seeds'
/// advice — say what you need and what you offer, make it win-win, and name one contact person.
/// Staff notes are never copied into the letter: they are internal and may be blunt.
/// </summary>
public sealed class TemplatePropositionDrafter : IPropositionDrafter
{
    public Task<Draft> DraftAsync(PropositionContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Draft(Write(context), FromModel: false));

    public static string Write(PropositionContext context)
    {
        var partner = context.Partner;
        var goals = context.NeedsAssessments.Select(a => a.Goal.Trim()).Where(g => g.Length > 0).Distinct().Take(2).ToList();
        var needs = context.RelevantNeeds();
        var offers = context.Offers.Select(o => o.Trim()).Where(o => o.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(5).ToList();
        var users = context.NeedsAssessments.Select(a => a.TargetUsers.Trim()).FirstOrDefault(u => u.Length > 0);

        var text = new StringBuilder();
        text.Append("Dear ").Append(partner.Name).AppendLine(",").AppendLine();

        text.Append("I am ").Append(context.SenderName).Append(" at ").Append(context.LibraryName).Append(". ");
        if (goals.Count > 0)
        {
            text.Append("We are working on ").Append(JoinAnd(goals.Select(LowerFirst).ToList()));
            text.Append(users is null ? "" : ", for " + LowerFirst(users));
            text.Append(", and we believe that together we could create something neither of us could do alone.");
        }
        else
        {
            text.Append("We are looking for partners to create something for our community that neither of us could do alone.");
        }

        text.AppendLine();
        if (partner.Clusters.Count > 0)
        {
            text.Append("Your work in ").Append(JoinAnd(partner.Clusters.Take(3).ToList())).AppendLine(" fits closely with what we want to do.");
        }

        text.AppendLine();
        if (needs.Count > 0)
        {
            text.AppendLine(partner.Relationship == RelationshipKind.Partnership ? "Where you could make a difference:" : "What your support would make possible:");
            foreach (var need in needs)
            {
                text.Append("- ").AppendLine(Describe(need));
            }

            text.AppendLine();
        }

        if (offers.Count > 0)
        {
            text.AppendLine("What we can offer in return:");
            foreach (var offer in offers)
            {
                text.Append("- ").AppendLine(UpperFirst(offer));
            }

            text.AppendLine();
        }

        text.AppendLine("We see this as a relationship in which both sides contribute and both sides gain, not a one-off transaction.");
        text.Append("Would you be open to a short meeting in the coming weeks to explore it? ");
        text.AppendLine("I will be your contact at the library, so you can always reach me directly.").AppendLine();
        text.AppendLine("Best regards,");
        text.AppendLine(context.SenderName);
        text.Append(context.LibraryName);
        return text.ToString();
    }

    private static string Describe(Need need)
    {
        var kind = need.Kind switch
        {
            NeedKind.Financial => need.Term == NeedTerm.LongTerm ? "long-term funding" : "funding",
            NeedKind.Technology => "technology",
            NeedKind.HumanResources => "skills and people",
            NeedKind.Space => "space",
            _ => "support",
        };
        return $"{UpperFirst(need.Description.Trim())} ({kind})";
    }
}
