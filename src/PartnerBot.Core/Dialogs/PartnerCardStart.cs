using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;

namespace PartnerBot.Core.Dialogs;

/// <summary>
/// How a one-card partner flow starts: find the partner the person named, remember that its card is open (so
/// 'help', 'resume' and 'cancel' know about it), and show the form. Screening, the busiest, does the same in one read
/// and one write through the screening store (see <c>ScreeningFlow.StartAsync</c>).
/// </summary>
public static class PartnerCardStart
{
    public static async Task<IReadOnlyList<BotReply>> OpenAsync(
        FlowServices services,
        CommandRequest request,
        BotCommand command,
        IPartnerCardFlow flow,
        CancellationToken cancellationToken)
    {
        var found = await PartnerLookup.FindAsync(services, request, command, cancellationToken);
        if (found.Partner is null)
        {
            return found.Replies;
        }

        var dialog = new PartnerCardDialog { Card = flow.Kind, PartnerId = found.Partner.Value.Id, StartedAt = services.Time.GetUtcNow() };
        await services.Dialogs.SaveAsync(request.Caller.Workspace, request.Caller.User.UserId, dialog, null, cancellationToken);
        return [BotReply.Show(await flow.FormAsync(request.Caller, found.Partner, cancellationToken))];
    }
}
