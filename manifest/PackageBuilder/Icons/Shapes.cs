namespace PartnerBot.PackageBuilder.Icons;

/// <summary>Inside-tests for the few shapes the icons use, in unit coordinates.</summary>
public static class Shapes
{
    public static Func<double, double, bool> Polygon(params (double X, double Y)[] points) => (x, y) =>
    {
        // Even-odd ray casting.
        var inside = false;
        for (int i = 0, j = points.Length - 1; i < points.Length; j = i++)
        {
            var (xi, yi) = points[i];
            var (xj, yj) = points[j];
            if ((yi > y) != (yj > y) && x < ((xj - xi) * (y - yi) / (yj - yi)) + xi)
            {
                inside = !inside;
            }
        }

        return inside;
    };

    /// <summary>A closed polyline drawn with a pen of <paramref name="width"/>.</summary>
    public static Func<double, double, bool> PolygonStroke(double width, params (double X, double Y)[] points) => (x, y) =>
    {
        for (int i = 0, j = points.Length - 1; i < points.Length; j = i++)
        {
            if (DistanceToSegment(x, y, points[j], points[i]) <= width / 2)
            {
                return true;
            }
        }

        return false;
    };

    public static Func<double, double, bool> Ring(double cx, double cy, double radius, double width) =>
        (x, y) => Math.Abs(Math.Sqrt(((x - cx) * (x - cx)) + ((y - cy) * (y - cy))) - radius) <= width / 2;

    /// <summary>An open polyline drawn with a pen of <paramref name="width"/>.</summary>
    public static Func<double, double, bool> PolylineStroke(double width, params (double X, double Y)[] points) => (x, y) =>
    {
        for (var i = 1; i < points.Length; i++)
        {
            if (DistanceToSegment(x, y, points[i - 1], points[i]) <= width / 2)
            {
                return true;
            }
        }

        return false;
    };

    private static double DistanceToSegment(double x, double y, (double X, double Y) a, (double X, double Y) b)
    {
        double vx = b.X - a.X, vy = b.Y - a.Y;
        var t = Math.Clamp((((x - a.X) * vx) + ((y - a.Y) * vy)) / ((vx * vx) + (vy * vy)), 0, 1);
        double px = a.X + (t * vx) - x, py = a.Y + (t * vy) - y;
        return Math.Sqrt((px * px) + (py * py));
    }
}
