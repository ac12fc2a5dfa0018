namespace PartnerBot.PackageBuilder.Icons;

/// <summary>A colour with straight (not premultiplied) alpha, components 0–1.</summary>
public readonly record struct Rgba(double R, double G, double B, double A)
{
    public static readonly Rgba Transparent = new(0, 0, 0, 0);
    public static readonly Rgba White = new(1, 1, 1, 1);

    public static Rgba FromHex(string hex) => new(
        Convert.ToInt32(hex[1..3], 16) / 255.0,
        Convert.ToInt32(hex[3..5], 16) / 255.0,
        Convert.ToInt32(hex[5..7], 16) / 255.0,
        1);
}

/// <summary>
/// A square canvas drawn in unit coordinates (0–1 across), so one drawing serves both icon sizes.
/// Each pixel takes 8 × 8 samples, which gives smooth edges without an imaging library.
/// </summary>
public sealed class Canvas(int size)
{
    private const int Samples = 8;
    private readonly Rgba[] pixels = Enumerable.Repeat(Rgba.Transparent, size * size).ToArray();

    public int Size { get; } = size;

    /// <summary>Paints <paramref name="colour"/> wherever <paramref name="inside"/> holds, weighted by how much of the pixel it covers.</summary>
    public void Fill(Func<double, double, bool> inside, Rgba colour)
    {
        for (var py = 0; py < Size; py++)
        {
            for (var px = 0; px < Size; px++)
            {
                var hits = 0;
                for (var sy = 0; sy < Samples; sy++)
                {
                    for (var sx = 0; sx < Samples; sx++)
                    {
                        var x = (px + ((sx + 0.5) / Samples)) / Size;
                        var y = (py + ((sy + 0.5) / Samples)) / Size;
                        if (inside(x, y))
                        {
                            hits++;
                        }
                    }
                }

                if (hits > 0)
                {
                    var i = (py * Size) + px;
                    pixels[i] = Over(colour with { A = colour.A * hits / (Samples * Samples) }, pixels[i]);
                }
            }
        }
    }

    public byte[] ToPng()
    {
        var rgba = new byte[Size * Size * 4];
        for (var i = 0; i < pixels.Length; i++)
        {
            var p = pixels[i];
            var alpha = ToByte(p.A);

            // A fully transparent pixel carries no colour, so it is written as 0,0,0,0.
            rgba[(i * 4) + 0] = alpha == 0 ? (byte)0 : ToByte(p.R);
            rgba[(i * 4) + 1] = alpha == 0 ? (byte)0 : ToByte(p.G);
            rgba[(i * 4) + 2] = alpha == 0 ? (byte)0 : ToByte(p.B);
            rgba[(i * 4) + 3] = alpha;
        }

        return Png.Encode(Size, Size, rgba);
    }

    private static Rgba Over(Rgba top, Rgba below)
    {
        var a = top.A + (below.A * (1 - top.A));
        if (a <= 0)
        {
            return Rgba.Transparent;
        }

        double Mix(double t, double b) => ((t * top.A) + (b * below.A * (1 - top.A))) / a;
        return new Rgba(Mix(top.R, below.R), Mix(top.G, below.G), Mix(top.B, below.B), a);
    }

    private static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v * 255), 0, 255);
}
