using System.Globalization;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>The weekly digest as one card: the narrative first, then what to decide, then the state of the portfolio.</summary>
public static class DigestCard
{
    public static AdaptiveCard Build(WeeklyDigest digest, string narrative)
    {
        var card = new AdaptiveCard
        {
            FallbackText = $"Partnership digest for {digest.WorkspaceName}, {Dates.WeekOf(digest.FirstDay)}: {narrative}",
            Body =
            {
                new TextBlock($"Partnership digest: {digest.WorkspaceName}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(Capitalised(Dates.WeekOf(digest.FirstDay))) { IsSubtle = true, Spacing = Spacing.None },
                new TextBlock(narrative),
            },
        };
        if (digest.IsEmpty)
        {
            return card;
        }

        if (digest.Ecosystem is { } ecosystem)
        {
            card.Body.AddRange(Ecosystem.EcosystemCard.Section(ecosystem));
        }

        Section(card, "Pipeline", [new FactList
        {
            Facts = digest.Pipeline.Where(p => p.Count > 0)
                .Select(p => new Fact(p.Stage.InSentence(), p.MovedThisWeek > 0 ? $"{p.Count} ({p.MovedThisWeek} moved in)" : N(p.Count)))
                .ToList(),
        }]);
        List(card, "Moved this week", digest.MovedThisWeek);
        List(card, "New candidates", digest.NewCandidates);
        List(card, "Awaiting a decision", digest.AwaitingDecision.Select(c =>
            c.Score is not { } score ? $"{c.Name} ({c.Stage.InSentence()}, not screened)" : $"{c.Name} ({c.Stage.InSentence()}, {score.ToString("0.0", CultureInfo.InvariantCulture)}/5)").ToList());
        List(card, "Overdue next steps", digest.Overdue.Select(o => $"{o.Name}: {string.Join("; ", o.Items.Take(3))}{(o.Items.Count > 3 ? $" and {o.Items.Count - 3} more" : "")}").ToList());
        List(card, "Health alerts", digest.HealthAlerts.Select(a => $"{a.Name}: {Advice(a.Advice)}. {a.Explanation}").ToList());
        List(card, "The partners' side", [
            .. digest.PartnerSide.Disagreements.Select(d => $"{d.Name}: the two sides disagree: {string.Join("; ", d.Gaps)}"),
            .. digest.PartnerSide.NotAnswered.Select(s => s.StillOpen
                ? $"{s.Name}: asked on {Dates.Day(s.AskedAt, TimeZoneInfo.Utc)}, no answer yet (the link closes {Dates.Day(s.ClosesAt, TimeZoneInfo.Utc)})"
                : $"{s.Name}: did not answer (asked on {Dates.Day(s.AskedAt, TimeZoneInfo.Utc)}, the link closed {Dates.Day(s.ClosesAt, TimeZoneInfo.Utc)})"),
        ]);
        List(card, "Portfolio balance", digest.Sectors.Select(s => $"{s.Name}: {s.Count} ({s.Fraction.ToString("P0", CultureInfo.InvariantCulture)})")
            .Concat(digest.Clusters.Take(5).Select(c => $"{c.Name}: {c.Count}")).ToList());
        List(card, "Concentration warnings", digest.ConcentrationWarnings);
        List(card, "Needs no candidate covers", digest.UncoveredNeeds.Select(n => $"{n.Description} ({n.Goal})").ToList());
        List(card, "People I cannot reach", digest.Unreachable);
        if (digest.Introductions is { Count: > 0 } introductions)
        {
            Section(card, "Introductions", [new TextBlock(IntroductionsLine(introductions))]);
        }

        return card;
    }

    private static string Advice(SunsetAdvice advice) => advice switch
    {
        SunsetAdvice.End => "consider ending",
        SunsetAdvice.Renegotiate => "renegotiate",
        _ => "review",
    };

    /// <summary>"2 introductions this month; 1 led to a joint project".</summary>
    public static string IntroductionsLine(IntroductionsThisMonth introductions)
    {
        ArgumentNullException.ThrowIfNull(introductions);
        var line = $"{N(introductions.Count)} introduction{(introductions.Count == 1 ? "" : "s")} this month";
        return introductions.JointProjects == 0 ? line : $"{line}; {N(introductions.JointProjects)} led to a joint project";
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void List(AdaptiveCard card, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        var shown = items.Take(DigestBuilder.ListLimit).Select(i => (CardElement)new TextBlock("• " + i) { Spacing = Spacing.None }).ToList();
        if (items.Count > DigestBuilder.ListLimit)
        {
            shown.Add(new TextBlock($"and {items.Count - DigestBuilder.ListLimit} more (see the export)") { IsSubtle = true, Spacing = Spacing.None });
        }

        Section(card, title, shown);
    }

    private static void Section(AdaptiveCard card, string title, List<CardElement> items)
    {
        card.Body.Add(new TextBlock(title) { Weight = TextWeight.Bolder, Separator = true, Spacing = Spacing.Medium });
        card.Body.AddRange(items);
    }
}
