using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Dialogs;

/// <summary>
/// The skeleton of a one-card flow about one partner: its command opens the card for the partner the person named
/// (remembering it is open, for 'help', 'resume' and 'cancel'), and the card's submit comes back to
/// <see cref="HandleAsync"/>. A new one says what its card is (<see cref="IPartnerCardFlow"/>), builds the form and
/// handles the submit; registering it is one line in <see cref="PartnershipFlows"/>.
/// </summary>
public abstract class PartnerCardFlow(FlowServices services, BotCommand command, string kind, params string[] actions)
    : IFlow, IPartnerCardFlow, ICardActionHandler
{
    protected FlowServices Services { get; } = services;

    /// <summary>The command that opens the card.</summary>
    public BotCommand Command { get; } = command;

    public string Kind { get; } = kind;

    public IReadOnlyCollection<string> Actions { get; } = actions;

    public abstract string Describe { get; }

    public abstract string Help { get; }

    public abstract string AfterCancel { get; }

    /// <summary>The command, the card's actions and the open card; a flow with more commands adds them.</summary>
    public virtual void Register(BotRoutes routes) => routes.Command(Command, StartAsync).Actions(this).PartnerCard(this);

    /// <summary>
    /// Finds the partner the person named, remembers that its card is open, and shows the form. Screening, the busiest,
    /// does the same in one read and one write through the screening store.
    /// </summary>
    public virtual async Task<IReadOnlyList<BotReply>> StartAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var found = await PartnerLookup.FindAsync(Services, request, Command, cancellationToken);
        if (found.Partner is null)
        {
            return found.Replies;
        }

        var dialog = new PartnerCardDialog { Card = Kind, PartnerId = found.Partner.Value.Id, StartedAt = Services.Time.GetUtcNow() };
        await Services.Dialogs.SaveAsync(request.Caller.Workspace, request.Caller.User.UserId, dialog, null, cancellationToken);
        return [BotReply.Show(await FormAsync(request.Caller, found.Partner, cancellationToken))];
    }

    public abstract Task<AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken);
}
