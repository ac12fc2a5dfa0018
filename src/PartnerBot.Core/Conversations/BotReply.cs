using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.Conversations;

/// <summary>Something the bot says back: plain text or a card.</summary>
public abstract record BotReply
{
    public static BotReply Say(string text) => new TextReply(text);

    /// <summary>
    /// A refusal that changed nothing (a closed item, a stale or repeated click, no permission, bad data). A host that can
    /// update the card clicked leaves it as it was and shows this text instead.
    /// </summary>
    public static BotReply Refuse(string text) => new TextReply(text) { ChangedNothing = true };

    public static BotReply Show(AdaptiveCard card) => new CardReply(card);
}

public sealed record TextReply(string Text) : BotReply
{
    /// <summary>True for a <see cref="BotReply.Refuse"/>: the turn changed nothing.</summary>
    public bool ChangedNothing { get; init; }
}

public sealed record CardReply(AdaptiveCard Card) : BotReply;
