using PartnerBot.Core.Conversations;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Web.Bot;

/// <summary>Core's replies as channel messages.</summary>
internal static class ReplyActivities
{
    public static Activity ToActivity(BotReply reply) => reply switch
    {
        TextReply text => new Activity { Type = ActivityTypes.Message, Text = text.Text, TextFormat = "plain" },
        CardReply card => new Activity
        {
            Type = ActivityTypes.Message,
            Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card.Card.ToJson() }],
        },
        _ => throw new ArgumentOutOfRangeException(nameof(reply), reply.GetType().Name, "A reply type the host does not know how to send."),
    };

    public static Activity Say(string text) => ToActivity(BotReply.Say(text));
}
