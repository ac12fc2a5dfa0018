using System.ComponentModel.DataAnnotations;

namespace PartnerBot.Web.Bot;

/// <summary>Limits on what a person may send. Section <c>Chat</c>.</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Longer messages get a polite refusal instead of reaching the dialogs (Teams itself allows about 28,000).</summary>
    [Range(1, 28_000, ErrorMessage = "Chat:MaxTextLength (env Chat__MaxTextLength) must be between 1 and 28000.")]
    public int MaxTextLength { get; set; } = 4_000;
}
