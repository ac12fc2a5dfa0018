using Microsoft.Extensions.Options;

namespace PartnerBot.Web.Playground;

/// <summary>Where Web Chat's bundle is on disk, found once: the app serves it itself, so the page needs no CDN.</summary>
public sealed class WebChatScript(IOptions<PlaygroundOptions> options, IHostEnvironment environment)
{
    private static readonly string[] RelativePath = ["node_modules", "botframework-webchat", "dist", "webchat.js"];

    private readonly Lazy<string?> path = new(() => Locate(options.Value.WebChatScriptPath, environment.ContentRootPath));

    /// <summary>The bundle's full path, or null when Web Chat is not installed.</summary>
    public string? Path => path.Value;

    private static string? Locate(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = System.IO.Path.GetFullPath(configured, contentRoot);
            return File.Exists(full) ? full : null;
        }

        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine([dir.FullName, .. RelativePath]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
