using System.Globalization;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.FollowThrough.Health;

/// <summary>
/// 'health &lt;partner&gt;': the periodic health check (seed 004) started on demand, and the one home of its submit,
/// whether the card came from this command, the partner card or a health-check reminder.
/// </summary>
public sealed class HealthCheckFlow(FlowServices services) : PartnerCardFlow(services, HealthCheckFlow.HealthCommand, "health-check", FollowThroughActions.SubmitHealthCheck)
{
    public static readonly BotCommand HealthCommand = new("health", "Run a health check on a partnership, e.g. 'health City Museum'", CommandScopes.Personal);

    public override string Describe => "a health check";

    public override string Help => $"Score each question from 1 (poor) to 5 (very good); the note is optional, at most {HealthCheckCard.MaxNoteLength:N0} characters.";

    public override string AfterCancel => "No health check was saved. Type 'health' and the partner's name to start again.";

    public override Task<Core.Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken) =>
        Task.FromResult(HealthCheckCard.Build(partner.Value.Id, partner.Value.Name));

    public override async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var partner = await PartnerLookup.GetAsync(Services, request.Caller.Workspace, reader.Raw("partnerId") ?? "", cancellationToken);
        if (partner is null)
        {
            return Replies.Say(PartnerLookup.Gone);
        }

        var scores = new Dictionary<HealthQuestion, int>();
        foreach (var (question, _) in HealthCheckCard.Questions)
        {
            if (!int.TryParse(reader.Raw(HealthCheckCard.InputId(question)), CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5)
            {
                return Replies.Say("Nothing was saved: give every question a score from 1 to 5.");
            }

            scores[question] = score;
        }

        var note = reader.Raw("note")?.Trim();
        if (note is { Length: > HealthCheckCard.MaxNoteLength })
        {
            return Replies.Say($"Nothing was saved: the note may be at most {HealthCheckCard.MaxNoteLength:N0} characters (it has {note.Length:N0}). Please shorten it and send again.");
        }

        await Services.History.SaveHealthCheckAsync(request.Caller.Workspace, new HealthCheck
        {
            Id = Guid.NewGuid().ToString("N"),
            PartnerId = partner.Value.Id,
            UserId = request.Caller.User.UserId,
            Scores = scores,
            Note = string.IsNullOrEmpty(note) ? null : note,
            SubmittedAt = Services.Time.GetUtcNow(),
        }, cancellationToken);
        await Services.Dialogs.DeleteAsync(request.Caller.Workspace, request.Caller.User.UserId, cancellationToken);
        return Replies.Say($"Thanks: the health check for {partner.Value.Name} is saved (average {scores.Values.Average().ToString("0.0", CultureInfo.InvariantCulture)} out of 5).");
    }
}
