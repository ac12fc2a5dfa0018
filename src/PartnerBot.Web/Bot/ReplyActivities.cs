using PartnerBot.Core.Conversations;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Web.Bot;

/// <summary>Core's replies as channel messages.</summary>
internal static class ReplyActivities
{
    /// <summary>
    /// The text format of every text message the bot sends, in a turn or later: Teams would render Markdown in it,
    /// and the names and notes people typed would become links and formatting. Cards escape their own text.
    /// </summary>
    public const string PlainText = "plain";

    public static Activity ToActivity(BotReply reply) => reply switch
    {
        TextReply text => new Activity { Type = ActivityTypes.Message, Text = text.Text, TextFormat = PlainText },
        CardReply card => new Activity
        {
            Type = ActivityTypes.Message,
            Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card.Card.ToJson() }],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "A reply type the host does not know how to send."),
    };

    public static Activity Say(string text) => ToActivity(BotReply.Say(text));
}
