using PartnerBot.Core.Conversations;
using PartnerBot.PackageBuilder.Icons;

namespace PartnerBot.PackageBuilder;

/// <summary>
/// The builder's commands: <c>build</c> (the default) fills, checks and zips the package;
/// <c>icons</c> redraws manifest/color.png and manifest/outline.png from code.
/// </summary>
public static class PackageCommand
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int Usage = 2;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        try
        {
            var command = args.Count > 0 && !args[0].StartsWith('-') ? args[0] : "build";
            var rest = args.Count > 0 && !args[0].StartsWith('-') ? args.Skip(1).ToList() : args.ToList();
            var flags = ParseFlags(rest);
            if (flags.ContainsKey("--help") || command == "help")
            {
                await output.WriteAsync(HelpText());
                return Ok;
            }

            var repo = flags.TryGetValue("--repo", out var root) ? new RepoLayout(Path.GetFullPath(root)) : RepoLayout.Find();
            return command switch
            {
                "build" => await BuildAsync(repo, flags, environment, output, error),
                "icons" => await DrawIconsAsync(repo, output),
                _ => throw new ArgumentException($"Unknown command '{command}'. Use build or icons."),
            };
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message);
            await error.WriteLineAsync("Run with --help to see the options.");
            return Usage;
        }
        catch (PackageException e)
        {
            await error.WriteLineAsync(e.Message);
            return Invalid;
        }
    }

    /// <summary>The filled manifest for these values, checked against the schema; the package is written only if it is valid.</summary>
    public static async Task<int> BuildAsync(RepoLayout repo, IReadOnlyDictionary<string, string> flags, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        var (values, problems) = PackageSettings.Resolve(flags, environment);
        if (problems.Count > 0)
        {
            await error.WriteLineAsync("The app package was not built:");
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("  " + problem);
            }

            return Usage;
        }

        var notes = new List<string>();
        var manifest = ManifestTemplate.Serialize(
            ManifestTemplate.Fill(await File.ReadAllTextAsync(repo.Template), values, BotCommands.Menu, notes));
        var violations = await ManifestSchema.ValidateAsync(repo, manifest);
        if (violations.Count > 0)
        {
            await error.WriteLineAsync("The filled manifest breaks the Teams v1.29 schema, so no package was written:");
            foreach (var violation in violations)
            {
                await error.WriteLineAsync("  " + violation);
            }

            return Invalid;
        }

        var target = flags.TryGetValue("--output", out var chosen) ? Path.GetFullPath(chosen) : repo.DefaultOutput;
        AppPackage.Write(target, manifest, await File.ReadAllBytesAsync(repo.ColorIcon), await File.ReadAllBytesAsync(repo.OutlineIcon));
        foreach (var note in notes)
        {
            await output.WriteLineAsync(note);
        }

        await output.WriteLineAsync($"Wrote {target} (app id {values["PARTNERBOT_APP_ID"]}, version {values["PARTNERBOT_APP_VERSION"]}).");
        return Ok;
    }

    private static async Task<int> DrawIconsAsync(RepoLayout repo, TextWriter output)
    {
        await File.WriteAllBytesAsync(repo.ColorIcon, PartnerBotIcons.DrawColor());
        await File.WriteAllBytesAsync(repo.OutlineIcon, PartnerBotIcons.DrawOutline());
        await output.WriteLineAsync($"Drew {repo.ColorIcon} and {repo.OutlineIcon}.");
        return Ok;
    }

    /// <summary>Accepts <c>--name value</c> and <c>--name=value</c>; <c>--help</c> takes no value.</summary>
    public static Dictionary<string, string> ParseFlags(IReadOnlyList<string> args)
    {
        var known = PackageSettings.All.Select(s => s.Flag).Concat(["--output", "--repo"]).ToHashSet(StringComparer.Ordinal);
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                flags["--help"] = "";
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (!known.Contains(name))
            {
                throw new ArgumentException($"Unknown option '{name}'.");
            }

            if (equals > 0)
            {
                flags[name] = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                flags[name] = args[++i];
            }
            else
            {
                throw new ArgumentException($"{name} needs a value.");
            }
        }

        return flags;
    }

    private static string HelpText()
    {
        var lines = new List<string>
        {
            "Builds the PartnerBot Teams app package (manifest.json, color.png, outline.png).",
            "",
            "  build-package.sh [build] [options]   fill the manifest, check it against the schema, write the zip",
            "  build-package.sh icons               redraw manifest/color.png and manifest/outline.png",
            "",
            "Options (each may also come from the environment variable shown):",
        };
        lines.AddRange(PackageSettings.All.Select(s =>
            $"  {s.Flag,-17} {s.EnvironmentVariable,-27} {s.Help}{(s.Default is null ? "" : $" (default {s.Default})")}"));
        lines.Add($"  {"--output",-17} {"",-27} where to write the zip (default manifest/appPackage.zip)");
        return string.Join('\n', lines) + "\n";
    }
}
