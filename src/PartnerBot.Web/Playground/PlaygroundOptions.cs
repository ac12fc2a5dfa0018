namespace PartnerBot.Web.Playground;

/// <summary>The development playground. Section <c>Playground</c>.</summary>
public sealed class PlaygroundOptions
{
    public const string SectionName = "Playground";

    /// <summary>
    /// Web Chat's UMD bundle. When empty, the host looks for <c>node_modules/botframework-webchat/dist/webchat.js</c>
    /// in the content root and the folders above it (the repository root, where npm installs it).
    /// </summary>
    public string? WebChatScriptPath { get; set; }
}
