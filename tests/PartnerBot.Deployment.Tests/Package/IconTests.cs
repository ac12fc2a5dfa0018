using PartnerBot.Deployment.Tests.Support;
using PartnerBot.PackageBuilder;
using PartnerBot.PackageBuilder.Icons;

namespace PartnerBot.Deployment.Tests.Package;

public sealed class IconTests
{
    private static readonly RepoLayout Repo = RepoLayout.Find();

    [Fact]
    public void ColorIcon_Is192By192Png()
    {
        var icon = PngImage.Read(File.ReadAllBytes(Repo.ColorIcon));

        Assert.Equal((192, 192), (icon.Width, icon.Height));
    }

    [Fact]
    public void ColorIcon_IsOpaqueAndUsesTheAccentColour()
    {
        var icon = PngImage.Read(File.ReadAllBytes(Repo.ColorIcon));

        Assert.Equal((byte)255, icon.Pixel(0, 0).A);
        Assert.Equal((0x1F, 0x6F, 0x78), ((int)icon.Pixel(0, 0).R, (int)icon.Pixel(0, 0).G, (int)icon.Pixel(0, 0).B));
        Assert.Contains(Enumerable.Range(0, 192 * 192), i => icon.Pixel(i % 192, i / 192) == (255, 255, 255, 255));
    }

    [Fact]
    public void OutlineIcon_Is32By32Png_WithAlpha()
    {
        var icon = PngImage.Read(File.ReadAllBytes(Repo.OutlineIcon));

        Assert.Equal((32, 32), (icon.Width, icon.Height));
        Assert.Equal(6, icon.ColorType);
    }

    [Fact]
    public void OutlineIcon_HasOnlyWhiteOrTransparentPixels_OnTransparentBackground()
    {
        var icon = PngImage.Read(File.ReadAllBytes(Repo.OutlineIcon));
        var pixels = Enumerable.Range(0, 32 * 32).Select(i => (X: i % 32, Y: i / 32, P: icon.Pixel(i % 32, i / 32))).ToList();

        foreach (var (x, y) in new[] { (0, 0), (31, 0), (0, 31), (31, 31) })
        {
            Assert.Equal(0, icon.Pixel(x, y).A);
        }

        var offending = pixels.Where(p => p.P.A != 0 && (p.P.R, p.P.G, p.P.B) != (255, 255, 255)).ToList();
        Assert.True(offending.Count == 0, $"Pixels neither white nor transparent: {string.Join(", ", offending.Take(5))}");
        Assert.Contains(pixels, p => p.P.A == 255);
    }

    [Fact]
    public void CommittedIcons_AreWhatTheDrawingCodeProduces()
    {
        // The icons are generated; a hand edit of the PNGs would be lost on the next 'build-package.sh icons'.
        Assert.Equal(PartnerBotIcons.DrawColor(), File.ReadAllBytes(Repo.ColorIcon));
        Assert.Equal(PartnerBotIcons.DrawOutline(), File.ReadAllBytes(Repo.OutlineIcon));
    }

    [Fact]
    public void Read_NotAPng_Throws()
    {
        Assert.Throws<InvalidDataException>(() => PngImage.Read([.. "GIF89a-not-a-png"u8]));
    }
}
