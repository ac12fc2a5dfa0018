using System.Buffers.Binary;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Ecosystem;
using PartnerBot.Testing;
using PartnerBot.Web.Ecosystem;
using SkiaSharp;

namespace PartnerBot.Web.Tests.Ecosystem;

/// <summary>The chart as the digest carries it: a small PNG that shows the figures, with its text drawn from the shipped font.</summary>
public class EcosystemChartTests
{
    /// <summary>The most a chart may weigh: it travels base64 inside a card, and a bot message holds about 100 KB.</summary>
    public const int MaxPngBytes = 30 * 1024;

    /// <summary>The whole card with its chart stays well under a bot message's ~100 KB.</summary>
    public const int MaxCardBytes = 60 * 1024;

    public static IReadOnlyList<EcosystemPoint> TwelveWeeks()
    {
        int[] figures = [41, 43, 44, 42, 47, 50, 49, 53, 55, 54, 58, 61];
        var monday = new DateOnly(2026, 9, 7);
        return [.. figures.Select((f, i) => new EcosystemPoint(monday.AddDays(7 * i), f))];
    }

    [Fact]
    public void Render_TwelveWeeks_SmallPngOfTheStatedSize_NotBlank_SavedForALook()
    {
        var chart = new ScottPlotIndexChart().Render(TwelveWeeks());

        Assert.True(chart.Png.Length <= MaxPngBytes, $"The chart is {chart.Png.Length} bytes.");
        Assert.Equal((ScottPlotIndexChart.Width, ScottPlotIndexChart.Height), PngSize(chart.Png));
        Assert.Equal((chart.Width, chart.Height), PngSize(chart.Png));
        using var bitmap = SKBitmap.Decode(chart.Png);
        Assert.True(Colours(bitmap) > 10, "The chart is blank.");
        Directory.CreateDirectory("/work/shots");
        File.WriteAllBytes("/work/shots/ecosystem-chart.png", chart.Png);
    }

    [Fact]
    public void Render_WithLabels_DrawsText_FromTheShippedFont()
    {
        var points = TwelveWeeks();
        using var labelled = SKBitmap.Decode(new ScottPlotIndexChart().Render(points).Png);
        using var bare = SKBitmap.Decode(new ScottPlotIndexChart { Labels = false }.Render(points).Png);

        // The title and the axis labels are text only: without the font they would add nothing (a missing font draws none).
        var added = DarkPixels(labelled, 0, labelled.Height) - DarkPixels(bare, 0, bare.Height);
        Assert.True(added > 250, $"The labels added {added} dark pixels.");
        Assert.True(DarkPixels(labelled, 0, 18) > 150, $"The title's band has {DarkPixels(labelled, 0, 18)} dark pixels.");
        using var typeface = ScottPlot.Fonts.GetTypeface(ScottPlotIndexChart.FontName, bold: false, italic: false);
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
    }

    [Fact]
    public void Render_FewerThanTwoWeeks_Refused()
    {
        Assert.Throws<ArgumentException>(() => new ScottPlotIndexChart().Render(TwelveWeeks().Take(1).ToList()));
    }

    [Fact]
    public async Task Card_WithTheChart_PassesTheParser_AndStaysSmall()
    {
        var points = TwelveWeeks();
        var reading = new EcosystemReading
        {
            Index = points[^1].Index,
            Parts = [.. Enum.GetValues<EcosystemPartKind>().Select(k => new EcosystemPart(k, 0.6, EcosystemIndex.Weights[k], "A line a manager reads."))],
        };
        var summary = new EcosystemSummary
        {
            Current = reading,
            Week = "2026-W48",
            FirstDay = points[^1].FirstDay,
            Previous = points[^2].Index,
            Change = points[^1].Index - points[^2].Index,
            MovedMost = EcosystemPartKind.Renewal,
            MovedBy = 2.5,
            History = points,
            Chart = new ScottPlotIndexChart().Render(points),
        };
        var digestSection = new AdaptiveCard { FallbackText = "digest" };
        digestSection.Body.AddRange(EcosystemCard.Section(summary));
        var cards = new[] { digestSection.ToJson(), EcosystemCard.Build(summary, "Riverside Library").ToJson() };

        var problems = await AdaptiveCardValidator.ValidateAsync(cards);

        Assert.All(problems, Assert.Empty);
        foreach (var card in cards)
        {
            var json = card.ToJsonString();
            Assert.True(json.Length < MaxCardBytes, $"The card is {json.Length} bytes.");
            Assert.Contains("data:image/png;base64,", json, StringComparison.Ordinal);
            Assert.Contains("week of 23 Nov 61", json, StringComparison.Ordinal);
        }
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    private static int Colours(SKBitmap bitmap) => bitmap.Pixels.Distinct().Count();

    private static int DarkPixels(SKBitmap bitmap, int fromRow, int toRow)
    {
        var n = 0;
        for (var y = fromRow; y < toRow; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                n += c.Red + c.Green + c.Blue < 300 ? 1 : 0;
            }
        }

        return n;
    }
}
