using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.Ecosystem;

/// <summary>The index on a card: a section of the weekly digest, and the card 'health' alone shows.</summary>
public static class EcosystemCard
{
    public const string Title = "Ecosystem health index";

    public const string NoChartYet = "The chart of the last 12 weeks starts once two weeks have been measured.";

    /// <summary>The digest's section: the figure, the change, the part that moved most and the chart.</summary>
    public static List<CardElement> Section(EcosystemSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var items = new List<CardElement>
        {
            new TextBlock(Title) { Weight = TextWeight.Bolder, Separator = true, Spacing = Spacing.Medium },
        };
        if (summary.Current.Index is null)
        {
            items.Add(new TextBlock(summary.Current.NotEnoughData ?? EcosystemIndex.EmptyExplanation) { Spacing = Spacing.None });
            return items;
        }

        items.Add(new TextBlock(Headline(summary)) { Spacing = Spacing.None });
        if (Moved(summary) is { } moved)
        {
            items.Add(new TextBlock(moved) { Spacing = Spacing.None });
        }

        items.Add(Chart(summary));
        items.Add(new TextBlock("Type 'health' to see every part of the index.") { IsSubtle = true, Spacing = Spacing.Small });
        return items;
    }

    /// <summary>'health' with no partner: the index, the chart and every part with its weight and explanation.</summary>
    public static AdaptiveCard Build(EcosystemSummary summary, string libraryName)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var card = new AdaptiveCard
        {
            FallbackText = summary.Current.Index is { } i ? $"{Title} for {libraryName}: {i}/100." : $"{Title} for {libraryName}: not enough data yet.",
            Body =
            {
                new TextBlock($"{Title}: {libraryName}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
            },
        };
        if (summary.Current.Index is null)
        {
            card.Body.Add(new TextBlock(summary.Current.NotEnoughData ?? EcosystemIndex.EmptyExplanation));
            return card;
        }

        card.Body.Add(new TextBlock(Headline(summary)));
        if (Moved(summary) is { } moved)
        {
            card.Body.Add(new TextBlock(moved) { Spacing = Spacing.None });
        }

        card.Body.Add(Chart(summary));
        card.Body.Add(new TextBlock("Its parts (points / weight)") { Weight = TextWeight.Bolder, Separator = true, Spacing = Spacing.Medium });
        foreach (var part in summary.Current.Parts)
        {
            card.Body.Add(new TextBlock($"{part.Name}: {N(part.Points)}/{part.Weight}") { Weight = TextWeight.Bolder, Spacing = Spacing.Small });
            card.Body.Add(new TextBlock(part.Explanation) { IsSubtle = true, Spacing = Spacing.None });
        }

        card.Body.Add(new TextBlock("Type 'health' and a partner's name to run that partnership's health check.") { IsSubtle = true, Separator = true, Spacing = Spacing.Medium });
        return card;
    }

    /// <summary>"58/100, up 3 since last week."</summary>
    public static string Headline(EcosystemSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var index = summary.Current.Index ?? 0;
        var change = summary.Change switch
        {
            null => "the first week measured",
            0 => "the same as last week",
            > 0 and var c => $"up {c} since last week",
            var c => $"down {-c} since last week",
        };
        return $"{index}/100, {change}.";
    }

    /// <summary>The words of the chart's alternative text: every week's figure.</summary>
    public static string AltText(IReadOnlyList<EcosystemPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return $"{Title} by week: " + string.Join(", ", points.Select(p => $"week of {Dates.ShortDay(p.FirstDay)} {p.Index.ToString(CultureInfo.InvariantCulture)}")) + ".";
    }

    private static string? Moved(EcosystemSummary summary) =>
        summary.MovedMost is { } kind
            ? $"Moved most: {EcosystemIndex.Name(kind).ToLowerInvariant()} ({(summary.MovedBy > 0 ? "+" : "−")}{N(Math.Abs(summary.MovedBy))} points). {summary.Current.Part(kind).Explanation}"
            : summary.Change is not null ? "No part moved since last week." : null;

    private static CardElement Chart(EcosystemSummary summary) =>
        summary.Chart is { } chart && summary.HasChart
            ? new ChartElement { Url = chart.DataUri, AltText = AltText(summary.History), Spacing = Spacing.Small }
            : new TextBlock(summary.HasChart ? AltText(summary.History) : NoChartYet) { IsSubtle = true, Spacing = Spacing.Small };

    private static string N(double points) => points.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>An image the width of the card, with alternative text.</summary>
    public sealed class ChartElement : CardElement
    {
        public required string Url { get; init; }

        public required string AltText { get; init; }

        protected override string Type => "Image";

        protected override void Write(JsonObject json)
        {
            json["url"] = Url;
            json["altText"] = AltText;
            json["size"] = "stretch";
        }
    }
}
