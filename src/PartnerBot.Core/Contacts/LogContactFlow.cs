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
public sealed class LogContactFlow(FlowServices services) : PartnerCardFlow(services, LogContactFlow.LogCommand, "log-contact", LogContactCard.SaveAction)
{
    public static readonly BotCommand LogCommand = new("log", "Log a call, meeting or e-mail with a partner, e.g. 'log City Museum'", CommandScopes.Personal);

    public override string Describe => "logging a contact";

    public override string Help => $"Say in a few words what happened (at most {ContactLog.MaxSummary:N0} characters) and on which day; it restarts the quiet-partner reminder.";

    public override string AfterCancel => "Nothing was logged. Type 'log' and the partner's name to start again.";

    public override Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken) =>
        Task.FromResult(LogContactCard.Form(partner.Value, Services.TodayFor(caller)));

    public override async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var partner = await PartnerLookup.GetAsync(Services, request.Caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (partner is null)
        {
            return Replies.Say(PartnerLookup.Gone);
        }

        var date = reader.Date("date", "The day it happened");
        if (!reader.IsValid)
        {
            return Replies.Say(reader.ProblemText);
        }

        var (saved, replies) = await ContactLog.LogAsync(Services.History, Services.Time, request.Caller, partner.Value, reader.Raw("summary"), date, cancellationToken);
        if (saved)
        {
            await Services.Dialogs.DeleteAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken);
        }

        return replies;
    }
}
