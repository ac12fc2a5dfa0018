namespace PartnerBot.PackageBuilder;

/// <summary>Where the builder's inputs live, found from the repository root (the folder with PartnerBot.sln).</summary>
public sealed record RepoLayout(string Root)
{
    public string ManifestFolder => Path.Combine(Root, "manifest");

    public string Template => Path.Combine(ManifestFolder, "manifest.json");

    public string ColorIcon => Path.Combine(ManifestFolder, "color.png");

    public string OutlineIcon => Path.Combine(ManifestFolder, "outline.png");

    public string Schema => Path.Combine(ManifestFolder, "schema", "teams-manifest-v1.29.schema.json");

    public string ValidatorScript => Path.Combine(ManifestFolder, "tools", "validate-manifest.cjs");

    public string NodeModules => Path.Combine(Root, "node_modules");

    public string DefaultOutput => Path.Combine(ManifestFolder, "appPackage.zip");

    /// <summary>Searches upwards from the working folder, then from the builder's own folder.</summary>
    public static RepoLayout Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PartnerBot.sln")))
                {
                    return new RepoLayout(dir.FullName);
                }
            }
        }

        throw new PackageException("Could not find the repository root (the folder with PartnerBot.sln). Run the builder inside the repository.");
    }
}
