using System.Globalization;
using PartnerBot.Core.Ecosystem;
using ScottPlot;
using SkiaSharp;

namespace PartnerBot.Web.Ecosystem;

/// <summary>
/// The index over the weeks as a small PNG for a card: a line from 0 to 100 with a point a week, each week's Monday on
/// the horizontal axis. The text uses the font shipped in the app (DejaVu Sans), never a system font: a fresh machine
/// may have none, and the chart would lose its title and axes without a word.
/// </summary>
public sealed class ScottPlotIndexChart : IIndexChart
{
    /// <summary>The name the shipped font is registered under; no system font has it.</summary>
    public const string FontName = "PartnerBot Sans";

    /// <summary>Wide enough for Teams' narrowest card, and no wider: the card scales it, the bytes stay few.</summary>
    public const int Width = 420;

    public const int Height = 220;

    private static readonly SKData FontData = LoadFont();

    static ScottPlotIndexChart() => Fonts.FontResolvers.Insert(0, new EmbeddedFontResolver());

    /// <summary>Whether the title and axis labels are drawn (off only to show, in a test, that text is drawn at all).</summary>
    public bool Labels { get; init; } = true;

    public ChartImage Render(IReadOnlyList<EcosystemPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2)
        {
            throw new ArgumentException("A chart needs at least two weeks.", nameof(points));
        }

        using var plot = new Plot();
        plot.Font.Set(FontName);
        double[] xs = [.. Enumerable.Range(0, points.Count).Select(i => (double)i)];
        double[] ys = [.. points.Select(p => (double)p.Index)];
        var line = plot.Add.Scatter(xs, ys, Colors.Navy);
        line.LineWidth = 2;
        line.MarkerSize = 6;
        var last = plot.Add.Text(points[^1].Index.ToString(CultureInfo.InvariantCulture), xs[^1], ys[^1]);
        last.LabelFontName = FontName;
        last.LabelFontSize = 12;
        last.LabelFontColor = Colors.Navy;
        last.LabelAlignment = Alignment.LowerRight;
        last.OffsetY = -4;

        // A tick for every week would crowd 420 px; every other week, always with the latest.
        var step = points.Count > 6 ? 2 : 1;
        var ticks = Enumerable.Range(0, points.Count).Where(i => (points.Count - 1 - i) % step == 0)
            .Select(i => new Tick(i, points[i].FirstDay.ToString("d MMM", CultureInfo.InvariantCulture))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. new[] { 0, 25, 50, 75, 100 }.Select(v => new Tick(v, v.ToString(CultureInfo.InvariantCulture)))]);
        plot.Axes.SetLimits(-0.5, points.Count - 0.5, 0, 105);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        if (Labels)
        {
            plot.Title($"Ecosystem health index, last {points.Count} weeks", 13);
            plot.XLabel("Week starting", 11);
            plot.YLabel("Index (0–100)", 11);
        }

        return new ChartImage(plot.GetImageBytes(Width, Height, ImageFormat.Png), Width, Height);
    }

    private static SKData LoadFont()
    {
        using var stream = typeof(ScottPlotIndexChart).Assembly.GetManifestResourceStream("PartnerBot.Web.Ecosystem.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The chart's font is not embedded in the app.");
        return SKData.Create(stream);
    }

    /// <summary>Answers for <see cref="FontName"/> only; any other name falls through to ScottPlot's own resolvers.</summary>
    private sealed class EmbeddedFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == FontName ? SKTypeface.FromData(FontData) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == FontName ? SKTypeface.FromData(FontData) : null;
    }
}
