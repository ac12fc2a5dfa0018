using System.ComponentModel.DataAnnotations;

namespace PartnerBot.Web.Bot;

/// <summary>Limits on what a person may send. Section <c>Chat</c>.</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Longer messages get a polite refusal instead of reaching the dialogs (Teams itself allows about 28,000).</summary>
    [Range(1, 28_000, ErrorMessage = "Chat:MaxTextLength (env Chat__MaxTextLength) must be between 1 and 28000.")]
    public int MaxTextLength { get; set; } = 4_000;

    /// <summary>
    /// How long a turn may work (storage, model) before the person gets an apology instead: under the 10 s after which
    /// the request is acknowledged and well under the channel's 15 s, so an answer always arrives in time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:12", ErrorMessage = "Chat:TurnDeadline (env Chat__TurnDeadline) must be between 1 and 12 seconds.")]
    public TimeSpan TurnDeadline { get; set; } = TimeSpan.FromSeconds(9);
}
