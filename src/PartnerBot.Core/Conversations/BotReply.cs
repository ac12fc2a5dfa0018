using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.Conversations;

/// <summary>Something the bot says back: plain text or a card.</summary>
public abstract record BotReply
{
    public static BotReply Say(string text) => new TextReply(text);

    public static BotReply Show(AdaptiveCard card) => new CardReply(card);
}

public sealed record TextReply(string Text) : BotReply;

public sealed record CardReply(AdaptiveCard Card) : BotReply;
