using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PartnerBot.Core.Tests.Support;

/// <summary>
/// Renders card text the way a Markdown client would, with markdown-it (a CommonMark renderer) through
/// tests/tools/render-markdown.cjs, and reads back the Markdown fields of a card.
/// </summary>
public static partial class CommonMark
{
    /// <summary>Tags that mean the text became formatting, a link, an image or a mention.</summary>
    public static IReadOnlyList<string> FormattingTags { get; } =
        ["<a ", "<a>", "<img", "<strong", "<em", "<h1", "<h2", "<h3", "<h4", "<h5", "<h6", "<ul", "<ol", "<li", "<blockquote", "<code", "<pre", "<hr", "<table", "<s>", "<del", "<br", "<at", "<script"];

    /// <summary>The HTML of each text, in order: one node process for all of them.</summary>
    public static async Task<IReadOnlyList<string>> RenderAsync(IReadOnlyList<string> markdown)
    {
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(Root, "tests", "tools", "render-markdown.cjs") },
            WorkingDirectory = Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(markdown));
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"render-markdown.cjs failed ({node.ExitCode}): {await error}");
        }

        return JsonSerializer.Deserialize<List<string>>(await output) ?? [];
    }

    /// <summary>The text a reader sees in rendered HTML: tags dropped, entities decoded, paragraphs apart by a blank line.</summary>
    public static string VisibleText(string html) =>
        WebUtility.HtmlDecode(Tag().Replace(html.Trim().Replace("</p>\n<p>", "\n\n", StringComparison.Ordinal), ""));

    /// <summary>Every field of a card that Teams renders as Markdown: TextBlock text, fact titles and values.</summary>
    public static IEnumerable<string> MarkdownFields(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if ((string?)o["type"] == "TextBlock" && (string?)o["text"] is { } text)
                {
                    yield return text;
                }

                if ((string?)o["type"] == "FactSet" && o["facts"] is JsonArray facts)
                {
                    foreach (var fact in facts.OfType<JsonObject>())
                    {
                        yield return (string?)fact["title"] ?? "";
                        yield return (string?)fact["value"] ?? "";
                    }
                }

                foreach (var field in o.Select(p => p.Value).SelectMany(MarkdownFields))
                {
                    yield return field;
                }

                break;
            case JsonArray a:
                foreach (var field in a.SelectMany(MarkdownFields))
                {
                    yield return field;
                }

                break;
        }
    }

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PartnerBot.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("PartnerBot.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();
}
