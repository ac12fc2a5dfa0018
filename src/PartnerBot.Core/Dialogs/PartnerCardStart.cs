using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Workflows;

namespace PartnerBot.Core.Dialogs;

/// <summary>
/// How the one-card partner flows assess and formalise start: find the partner the person named, remember that its
/// card is open (so 'help', 'resume' and 'cancel' know about it), and show the form. Screening, the busiest, does the
/// same in one read and one write through the screening store (see <c>ScreeningFlow.StartAsync</c>).
/// </summary>
public static class PartnerCardStart
{
    public static async Task<IReadOnlyList<BotReply>> OpenAsync(
        WorkflowServices services,
        CommandRequest request,
        BotCommand command,
        PartnerCardKind kind,
        Func<Caller, Partner, CancellationToken, Task<AdaptiveCard>> form,
        CancellationToken cancellationToken)
    {
        var found = await PartnerLookup.FindAsync(services, request, command, cancellationToken);
        if (found.Partner is null)
        {
            return found.Replies;
        }

        var partner = found.Partner.Value;
        var dialog = new PartnerCardDialog { Card = kind, PartnerId = partner.Id, StartedAt = services.Time.GetUtcNow() };
        await services.Dialogs.SaveAsync(request.Caller.Workspace, request.Caller.User.UserId, dialog, null, cancellationToken);
        return [BotReply.Show(await form(request.Caller, partner, cancellationToken))];
    }
}
