using System.Text.RegularExpressions;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Web.Bot;

/// <summary>Turns the text of a Teams message into what the person typed.</summary>
internal static partial class InboundText
{
    /// <summary>
    /// Removes the bot's own @mention (a channel message starts with it) and unwraps mentions of
    /// anyone else to their plain name, so "assign &lt;at&gt;Ada&lt;/at&gt;" still names Ada.
    /// </summary>
    public static string? Clean(Activity activity)
    {
        var text = activity.Text;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var botName = activity.Recipient?.Name;
        var botMentions = BotMentionTexts(activity);
        text = MentionPattern().Replace(text, m =>
            botMentions.Contains(m.Value) || (botName is not null && string.Equals(m.Groups[1].Value.Trim(), botName, StringComparison.OrdinalIgnoreCase))
                ? ""
                : m.Groups[1].Value);
        // Teams separates a mention from the text after it with a non-breaking space entity.
        text = text.Replace("&nbsp;", " ", StringComparison.Ordinal).Trim();
        return text.Length == 0 ? null : text;
    }

    private static HashSet<string> BotMentionTexts(Activity activity)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var botId = activity.Recipient?.Id;
        if (activity.Entities is null || botId is null)
        {
            return texts;
        }

        foreach (var entity in activity.Entities)
        {
            if (entity["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                && (string?)entity["type"] == "mention"
                && entity["mentioned"] is System.Text.Json.Nodes.JsonObject mentioned
                && mentioned["id"] is { } id && id.GetValueKind() == System.Text.Json.JsonValueKind.String && (string?)id == botId
                && entity["text"] is { } mentionText && mentionText.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                texts.Add((string)mentionText!);
            }
        }

        return texts;
    }

    [GeneratedRegex("<at[^>]*>(.*?)</at>", RegexOptions.Singleline | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MentionPattern();
}
