namespace PartnerBot.Testing;

/// <summary>Finds the repository root (the folder with PartnerBot.sln) from a test's output folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PartnerBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PartnerBot.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string NodeModules => Path.Combine(Root, "node_modules");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
