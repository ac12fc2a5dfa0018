using System.Globalization;
using PartnerBot.Core.Cards.Contacts;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workflows;

namespace PartnerBot.Core.Contacts;

/// <summary>
/// 'log &lt;partner&gt;': a call, a meeting, an e-mail or a visit, with what happened and when. The one home of the rule
/// for a logged contact, used by this card and by the "Log it" box of a quiet-partner reminder.
/// </summary>
public sealed class LogContactFlow(WorkflowServices services) : IBotFeature, IPartnerCardFlow, ICardActionHandler
{
    public static readonly BotCommand LogCommand = new("log", "Log a call, meeting or e-mail with a partner, e.g. 'log City Museum'", CommandScopes.Personal);

    public IReadOnlyCollection<string> Actions { get; } = [LogContactCard.SaveAction];

    public string Kind => "log-contact";

    public string Describe => "logging a contact";

    public string Help => $"Say in a few words what happened (at most {LogContactCard.MaxSummary} characters) and on which day; it restarts the quiet-partner reminder.";

    public string AfterCancel => "Nothing was logged. Type 'log' and the partner's name to start again.";

    public void Register(BotRoutes routes) => routes.Command(LogCommand, StartAsync).Actions(this).PartnerCard(this);

    public Task<IReadOnlyList<BotReply>> StartAsync(CommandRequest request, CancellationToken cancellationToken) =>
        PartnerCardStart.OpenAsync(services, request, LogCommand, this, cancellationToken);

    public Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken) =>
        Task.FromResult(LogContactCard.Form(partner.Value, services.Today));

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var partner = await PartnerLookup.GetAsync(services, request.Caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (partner is null)
        {
            return Replies.Say(PartnerLookup.Gone);
        }

        var summary = reader.Text("summary", "What happened", LogContactCard.MaxSummary, required: true);
        var date = reader.Date("date", "The day it happened") ?? services.Today;
        if (date > services.Today)
        {
            reader.Problem("The day it happened cannot be in the future.");
        }

        if (!reader.IsValid)
        {
            return Replies.Say(reader.ProblemText);
        }

        var reply = await LogAsync(request.Caller, partner.Value, summary, date, cancellationToken);
        await services.Dialogs.DeleteAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken);
        return reply;
    }

    /// <summary>Stores the contact; <paramref name="summary"/> is already checked (not empty, within the limit).</summary>
    public async Task<IReadOnlyList<BotReply>> LogAsync(Caller caller, Partner partner, string summary, DateOnly date, CancellationToken cancellationToken)
    {
        var now = services.Time.GetUtcNow();
        var occurredAt = date == services.Today ? now : new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        await services.History.SaveInteractionAsync(caller.Workspace, new Interaction
        {
            Id = WorkflowServices.NewId(),
            PartnerId = partner.Id,
            UserId = caller.User.UserId,
            Summary = summary,
            OccurredAt = occurredAt,
        }, cancellationToken);
        var day = date == services.Today ? "today" : date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        return Replies.Say($"Logged your contact with {partner.Name} ({day}). The quiet-partner reminder starts again from that day.");
    }
}
