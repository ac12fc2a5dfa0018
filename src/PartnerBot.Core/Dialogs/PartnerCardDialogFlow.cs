using PartnerBot.Core.Conversations;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Dialogs;

/// <summary>Help, resume and cancel for every registered one-card partner flow, by the kind its dialog names.</summary>
public sealed class PartnerCardDialogFlow(IReadOnlyDictionary<string, IPartnerCardFlow> flows, IPartnerStore partners, IDialogStateStore dialogs) : IDialogFlow
{
    /// <summary>A card whose kind no flow declares any more (a release removed it): the router drops it instead of guessing.</summary>
    private const string Unknown = "a card I no longer have";

    public bool Owns(DialogState state) => state is PartnerCardDialog;

    public string Describe(DialogState state) => Flow(state)?.Describe ?? Unknown;

    public string AfterCancel(DialogState state) => Flow(state)?.AfterCancel ?? "Nothing from it was saved.";

    public string Help(DialogState state) => Flow(state)?.Help ?? "Type 'cancel' to drop it and start again from a command.";

    public async Task<IReadOnlyList<BotReply>> ResumeAsync(Caller caller, DialogState state, CancellationToken cancellationToken)
    {
        var dialog = (PartnerCardDialog)state;
        var flow = Flow(state);
        var partner = flow is null ? null : await partners.GetAsync(caller.Workspace, dialog.PartnerId, cancellationToken);
        if (flow is null || partner is null || partner.Value.IsArchived)
        {
            await dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
            return Replies.Refuse(flow is null
                ? "That card is from an older version of me, so there is nothing to resume. Type 'help' to see what I can do."
                : "The partner of that card is no longer in your workspace, so there is nothing to resume.");
        }

        return [BotReply.Show(await flow.FormAsync(caller, partner, cancellationToken))];
    }

    private IPartnerCardFlow? Flow(DialogState state) => flows.GetValueOrDefault(((PartnerCardDialog)state).Card);
}
