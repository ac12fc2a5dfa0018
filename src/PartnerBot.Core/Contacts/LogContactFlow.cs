using PartnerBot.Core.Cards.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Contacts;

/// <summary>
/// 'log &lt;partner&gt;': a call, a meeting, an e-mail or a visit, with what happened and when; the rule itself is
/// <see cref="ContactLog"/>, shared with the "Log it" box of a quiet-partner reminder.
/// </summary>
public sealed class LogContactFlow(FlowServices services) : PartnerCardFlow(services, LogContactFlow.LogCommand, "log-contact", LogContactCard.SaveAction, LogContactCard.EditOpenAction, LogContactCard.EditAction)
{
    public static readonly BotCommand LogCommand = new("log", "Log a call, meeting or e-mail with a partner, e.g. 'log City Museum'", CommandScopes.Personal);

    public override string Describe => "logging a contact";

    public override string Help => $"Say in a few words what happened (at most {ContactLog.MaxSummary:N0} characters) and on which day; it restarts the quiet-partner reminder.";

    public override string AfterCancel => "Nothing was logged. Type 'log' and the partner's name to start again.";

    /// <summary>The log card, offering to edit the latest contact the person may edit (their own, or any for a manager or admin).</summary>
    public override async Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken)
    {
        var history = await Services.History.GetAsync(caller.Workspace, partner.Value.Id, cancellationToken);
        var latest = history.Interactions.Where(i => ContactLog.MayEdit(caller, i)).MaxBy(i => i.OccurredAt);
        return LogContactCard.Form(partner.Value, Services.TodayFor(caller), latest);
    }

    public override async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var partner = await PartnerLookup.GetAsync(Services, request.Caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (partner is null)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        if (request.Action == LogContactCard.EditOpenAction)
        {
            return await OpenEditAsync(request.Caller, partner.Value, reader.Raw("interaction"), cancellationToken);
        }

        var date = reader.Date("date", "The day it happened");
        if (!reader.IsValid)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        var (saved, replies) = request.Action == LogContactCard.EditAction
            ? await ContactLog.EditAsync(Services.History, Services.Time, request.Caller, partner.Value, reader.Raw("interaction"), reader.Raw("version"), reader.Raw("summary"), date, cancellationToken)
            : await ContactLog.LogAsync(Services.History, Services.Time, request.Caller, partner.Value, reader.Raw("summary"), date, cancellationToken);
        if (saved)
        {
            await Services.Dialogs.DeleteAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken);
        }

        return replies;
    }

    private async Task<IReadOnlyList<BotReply>> OpenEditAsync(Caller caller, Partner partner, string? interactionId, CancellationToken cancellationToken)
    {
        var history = await Services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var interaction = history.Interactions.FirstOrDefault(i => i.Id == interactionId);
        if (interaction is null || !history.InteractionETags.TryGetValue(interaction.Id, out var version))
        {
            return Replies.Refuse(ContactLog.Gone);
        }

        if (!ContactLog.MayEdit(caller, interaction))
        {
            return Replies.Refuse(ContactLog.NotYours);
        }

        var today = Services.TodayFor(caller);
        return [BotReply.Show(LogContactCard.EditForm(partner, interaction, version, Cards.Dates.LocalDay(interaction.OccurredAt, caller.Zone), today))];
    }
}
