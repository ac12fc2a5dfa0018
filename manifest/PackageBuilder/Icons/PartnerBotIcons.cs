namespace PartnerBot.PackageBuilder.Icons;

/// <summary>
/// The app's two icons: an open book (the library) under two linked rings (a partnership).
/// The colour icon is the white symbol on the accent colour, full bleed as Teams asks;
/// the outline icon is the same symbol drawn as white lines on a transparent background.
/// </summary>
public static class PartnerBotIcons
{
    public const string AccentColor = "#1F6F78";
    public const int ColorSize = 192;
    public const int OutlineSize = 32;

    public static byte[] DrawColor()
    {
        var accent = Rgba.FromHex(AccentColor);
        var canvas = new Canvas(ColorSize);
        canvas.Fill((_, _) => true, accent);
        canvas.Fill(Shapes.Polygon(Page(left: true, spineGap: 0.025)), Rgba.White);
        canvas.Fill(Shapes.Polygon(Page(left: false, spineGap: 0.025)), Rgba.White);
        canvas.Fill(Shapes.Ring(0.41, 0.25, 0.12, 0.05), Rgba.White);
        canvas.Fill(Shapes.Ring(0.59, 0.25, 0.12, 0.05), Rgba.White);

        // Lines of text on the pages, in the accent colour, following the page's curve.
        foreach (var left in new[] { true, false })
        {
            for (var line = 0; line < 3; line++)
            {
                var drop = 0.11 + (line * 0.065);
                double Edge(double t) => left ? 0.475 - (t * 0.29) : 0.525 + (t * 0.29);
                var points = Enumerable.Range(0, 9)
                    .Select(i => 0.15 + (i * 0.7 / 8))
                    .Select(t => (Edge(t), TopEdge(t) + drop))
                    .ToArray();
                canvas.Fill(Shapes.PolylineStroke(0.022, points), accent);
            }
        }

        return canvas.ToPng();
    }

    public static byte[] DrawOutline()
    {
        var canvas = new Canvas(OutlineSize);

        // At 32 pixels thin lines vanish and a narrow spine fills in, so strokes are heavier and the spine wider.
        canvas.Fill(Shapes.PolygonStroke(0.07, Page(left: true, spineGap: 0.06)), Rgba.White);
        canvas.Fill(Shapes.PolygonStroke(0.07, Page(left: false, spineGap: 0.06)), Rgba.White);
        canvas.Fill(Shapes.Ring(0.40, 0.23, 0.115, 0.07), Rgba.White);
        canvas.Fill(Shapes.Ring(0.60, 0.23, 0.115, 0.07), Rgba.White);
        return canvas.ToPng();
    }

    // The top of a page rises from the spine (t = 0) towards its outer edge (t = 1), as an open book's pages do.
    private static double TopEdge(double t) => 0.50 - (0.11 * t) + (0.05 * t * t);

    private static (double X, double Y)[] Page(bool left, double spineGap)
    {
        const int Steps = 12;
        const double Width = 0.32;
        const double Height = 0.31;
        double X(double t) => left ? 0.5 - spineGap - (t * (Width - spineGap)) : 0.5 + spineGap + (t * (Width - spineGap));
        var top = Enumerable.Range(0, Steps + 1).Select(i => (double)i / Steps).Select(t => (X(t), TopEdge(t)));
        var bottom = Enumerable.Range(0, Steps + 1).Select(i => 1 - ((double)i / Steps)).Select(t => (X(t), TopEdge(t) + Height));
        return [.. top, .. bottom];
    }
}
