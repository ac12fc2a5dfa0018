using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Dialogs;

/// <summary>
/// A flow of one card about one partner (screening, assessment, contact, formalising). It says everything 'help',
/// 'resume' and 'cancel' need about its open card, so a new one registers itself and nothing else changes; the
/// compiler asks for each answer.
/// </summary>
public interface IPartnerCardFlow
{
    /// <summary>Names the open card in storage ("screening"). Never change it once released.</summary>
    string Kind { get; }

    /// <summary>A short name for messages: "a screening".</summary>
    string Describe { get; }

    /// <summary>What the card asks, for 'help'.</summary>
    string Help { get; }

    /// <summary>What 'cancel' loses and how to start again; true of what the flow stores.</summary>
    string AfterCancel { get; }

    /// <summary>The card, as it shows for this partner now.</summary>
    Task<AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken);
}
