using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>A person's own open next steps, as the digest shows them: overdue first, then the rest by due date.</summary>
public sealed record PersonalSteps(IReadOnlyList<string> Overdue, IReadOnlyList<string> Open);

/// <summary>
/// The digest posted to a team channel is one card for everyone; each manager who sees it gets their own view through
/// the card's refresh: the same digest with their own overdue and open next steps first. Anyone else asking for a
/// refresh gets the shared card.
/// </summary>
public static class DigestViews
{
    /// <summary>The refresh data's <c>view</c> for the digest.</summary>
    public const string View = "digest";

    /// <summary>The longest narrative a refresh carries back; anything longer did not come from our card.</summary>
    public const int MaxNarrativeLength = 4000;

    /// <summary>
    /// The refresh for a channel digest: the managers' Teams ids (at most <see cref="CardRefresh.MaxUserIds"/>) and what
    /// to rebuild the card from. The narrative travels with the card so a refresh never asks a model to write it again.
    /// </summary>
    public static CardRefresh Refresh(string workspaceId, string narrative, IEnumerable<string> managerTeamsIds) => new()
    {
        Data = new JsonObject { ["view"] = View, ["workspace"] = workspaceId, ["narrative"] = narrative },
        UserIds = [.. managerTeamsIds.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).Take(CardRefresh.MaxUserIds)],
    };

    /// <summary>The shared digest with <paramref name="name"/>'s own steps first.</summary>
    public static AdaptiveCard Personal(WeeklyDigest digest, string narrative, string name, PersonalSteps steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var card = DigestCard.Build(digest, narrative);
        var mine = new List<CardElement>
        {
            new TextBlock($"Your next steps, {name}") { Weight = TextWeight.Bolder, Separator = true, Spacing = Spacing.Medium },
        };
        if (steps.Overdue.Count == 0 && steps.Open.Count == 0)
        {
            mine.Add(new TextBlock("You have no open next steps.") { IsSubtle = true, Spacing = Spacing.None });
        }

        mine.AddRange(steps.Overdue.Take(DigestBuilder.ListLimit).Select(s => (CardElement)new TextBlock("• Overdue: " + s) { Color = TextColor.Attention, Spacing = Spacing.None }));
        mine.AddRange(steps.Open.Take(DigestBuilder.ListLimit).Select(s => (CardElement)new TextBlock("• " + s) { Spacing = Spacing.None }));
        var more = Math.Max(0, steps.Overdue.Count - DigestBuilder.ListLimit) + Math.Max(0, steps.Open.Count - DigestBuilder.ListLimit);
        if (more > 0)
        {
            mine.Add(new TextBlock($"and {more} more (type 'my steps')") { IsSubtle = true, Spacing = Spacing.None });
        }

        // After the title, the week and the narrative: what the reader has to do comes before the state of the portfolio.
        card.Body.InsertRange(Math.Min(3, card.Body.Count), mine);
        return card;
    }

    /// <summary>The open next steps assigned to <paramref name="userId"/> on partners still in play.</summary>
    public static PersonalSteps StepsOf(string userId, IReadOnlyList<Partner> partners, IReadOnlyDictionary<string, PartnerHistory> histories, DateOnly today)
    {
        var open = PartnerRules.InPlay(partners)
            .SelectMany(p => (histories.TryGetValue(p.Id, out var h) ? h.NextSteps : [])
                .Where(s => s.Status == NextStepStatus.Open && s.AssigneeUserId == userId)
                .Select(s => (s.DueDate, Text: $"{p.Name}: {s.Description} (due {Dates.ShortDay(s.DueDate)})")))
            .OrderBy(x => x.DueDate).ThenBy(x => x.Text, StringComparer.CurrentCulture)
            .ToList();
        return new PersonalSteps(
            [.. open.Where(x => x.DueDate < today).Select(x => x.Text)],
            [.. open.Where(x => x.DueDate >= today).Select(x => x.Text)]);
    }
}
