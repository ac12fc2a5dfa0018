using System.IO.Compression;
using System.Text;

namespace PartnerBot.PackageBuilder;

/// <summary>Writes appPackage.zip: the filled manifest and the two icons, all at the zip root as Teams requires.</summary>
public static class AppPackage
{
    public const string ManifestEntry = "manifest.json";
    public const string ColorEntry = "color.png";
    public const string OutlineEntry = "outline.png";

    // A fixed timestamp keeps the package byte-for-byte the same for the same inputs.
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(string path, string manifestJson, byte[] colorPng, byte[] outlinePng)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".partial";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            Add(zip, ManifestEntry, Encoding.UTF8.GetBytes(manifestJson));
            Add(zip, ColorEntry, colorPng);
            Add(zip, OutlineEntry, outlinePng);
        }

        // Replace the old package only once the new one is complete.
        File.Move(temporary, path, overwrite: true);
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
