using System.Globalization;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.FollowThrough.Health;

/// <summary>
/// 'health &lt;partner&gt;': the periodic health check (seed 004) started on demand, and the one home of its submit,
/// whether the card came from this command, the partner card or a health-check reminder; and of its edit, whether
/// opened from the confirmation or the partner card. An edit replaces the stored answers in place, so the trend, the
/// stage rules and the digest read the edited ones.
/// </summary>
public sealed class HealthCheckFlow(FlowServices services) : PartnerCardFlow(
    services, HealthCheckFlow.HealthCommand, "health-check", FollowThroughActions.SubmitHealthCheck, HealthCheckCard.EditOpenAction, HealthCheckCard.EditAction)
{
    public static readonly BotCommand HealthCommand = new("health", "Run a health check on a partnership, e.g. 'health City Museum'; 'health' alone shows the ecosystem health index", CommandScopes.Personal);

    public const string NotYours = "Only the person who sent this health check, a manager or an admin can edit it. Nothing was changed.";
    public const string Gone = "That health check is no longer stored for this partner. Nothing was changed.";
    public const string Stale = "This health check changed after the card was sent (or the card was already used), so I changed nothing. Open the partner's card to edit it as it stands now.";

    public override string Describe => "a health check";

    public override string Help => $"Score each question from 1 (poor) to 5 (very good); the note is optional, at most {HealthCheckCard.MaxNoteLength:N0} characters.";

    public override string AfterCancel => "No health check was saved. Type 'health' and the partner's name to start again.";

    /// <summary>Whether the caller may edit a saved health check: the person who sent it, a manager or an admin.</summary>
    public static bool MayEdit(Caller caller, HealthCheck check)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(check);
        return check.UserId == caller.User.UserId || caller.Role != WorkspaceRole.Staff;
    }

    /// <summary>'health' alone shows the library's ecosystem health index; with a partner, that partnership's check.</summary>
    public override Task<IReadOnlyList<BotReply>> StartAsync(CommandRequest request, CancellationToken cancellationToken) =>
        Services.Ecosystem is { } index && Ecosystem.EcosystemReports.AsksForIndex(request)
            ? index.ShowAsync(request.Caller, cancellationToken)
            : base.StartAsync(request, cancellationToken);

    public override Task<Core.Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken) =>
        Task.FromResult(HealthCheckCard.Build(partner.Value.Id, partner.Value.Name, MayAskPartner(caller, partner.Value)));

    /// <summary>Whether the check's cards offer "Ask … too": the caller may ask, and the partner may be asked.</summary>
    private static bool MayAskPartner(Caller caller, Partner partner) =>
        PartnerRoundFlow.MayAsk(caller, partner) && PartnerRoundFlow.CannotAsk(partner) is null;

    /// <summary>The confirmation of a saved check, with the trend (both sides' views, any review advice) as it stands now.</summary>
    private async Task<Core.Cards.AdaptiveCards.AdaptiveCard> SavedAsync(Caller caller, Partner partner, HealthCheck check, string headline, CancellationToken cancellationToken)
    {
        var history = await Services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var trend = PartnerRoundCard.Trend(partner.Id, history, Services.Time.GetUtcNow(), caller.Zone);
        return HealthCheckCard.Saved(partner.Name, check, headline, editable: true, trend, MayAskPartner(caller, partner));
    }

    public override async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var reader = new SubmitReader(request.Value);
        var partner = await PartnerLookup.GetAsync(Services, request.Caller.Workspace, reader.Raw("partnerId") ?? "", cancellationToken);
        if (partner is null)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        return request.Action switch
        {
            HealthCheckCard.EditOpenAction => await OpenEditAsync(request.Caller, partner.Value, reader.Raw("check"), cancellationToken),
            HealthCheckCard.EditAction => await EditAsync(request.Caller, partner.Value, reader, cancellationToken),
            _ => await SubmitAsync(request.Caller, partner.Value, reader, cancellationToken),
        };
    }

    private async Task<IReadOnlyList<BotReply>> SubmitAsync(Caller caller, Partner partner, SubmitReader reader, CancellationToken cancellationToken)
    {
        var (scores, note, problem) = Read(reader, "Nothing was saved");
        if (problem is not null)
        {
            return Replies.Refuse(problem);
        }

        var check = new HealthCheck
        {
            Id = Guid.NewGuid().ToString("N"),
            PartnerId = partner.Id,
            UserId = caller.User.UserId,
            Scores = scores,
            Note = note,
            SubmittedAt = Services.Time.GetUtcNow(),
        };
        await Services.History.SaveHealthCheckAsync(caller.Workspace, check, cancellationToken);
        await Services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var headline = $"Thanks: the health check for {partner.Name} is saved (average {HealthCheckCard.Average(check)} out of 5).";
        return [BotReply.Show(await SavedAsync(caller, partner, check, headline, cancellationToken))];
    }

    private async Task<IReadOnlyList<BotReply>> OpenEditAsync(Caller caller, Partner partner, string? checkId, CancellationToken cancellationToken)
    {
        var history = await Services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var check = history.HealthChecks.FirstOrDefault(h => h.Id == checkId);
        if (check is null || !history.HealthCheckETags.TryGetValue(check.Id, out var version))
        {
            return Replies.Refuse(Gone);
        }

        return MayEdit(caller, check) ? [BotReply.Show(HealthCheckCard.EditForm(partner.Name, check, version))] : Replies.Refuse(NotYours);
    }

    private async Task<IReadOnlyList<BotReply>> EditAsync(Caller caller, Partner partner, SubmitReader reader, CancellationToken cancellationToken)
    {
        var history = await Services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var current = history.HealthChecks.FirstOrDefault(h => h.Id == reader.Raw("check"));
        if (current is null || !history.HealthCheckETags.TryGetValue(current.Id, out var etag))
        {
            return Replies.Refuse(Gone);
        }

        if (!MayEdit(caller, current))
        {
            return Replies.Refuse(NotYours);
        }

        if (reader.Raw("version") is not { Length: > 0 } version || version != etag)
        {
            return Replies.Refuse(Stale);
        }

        var (scores, note, problem) = Read(reader, "Nothing was changed");
        if (problem is not null)
        {
            return Replies.Refuse(problem);
        }

        var edited = current with { Scores = scores, Note = note, EditedAt = Services.Time.GetUtcNow(), EditedByUserId = caller.User.UserId };
        try
        {
            await Services.History.UpdateHealthCheckAsync(caller.Workspace, edited, etag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse(Stale);
        }

        var headline = $"Updated the health check for {partner.Name} (average {HealthCheckCard.Average(edited)} out of 5). The trend and the reminders read the new answers.";
        return [BotReply.Show(await SavedAsync(caller, partner, edited, headline, cancellationToken))];
    }

    /// <summary>The same rule for a new check and an edit: every question 1 to 5, the note at most its limit (refused with its length).</summary>
    private static (Dictionary<HealthQuestion, int> Scores, string? Note, string? Problem) Read(SubmitReader reader, string nothing)
    {
        var scores = new Dictionary<HealthQuestion, int>();
        foreach (var (question, _) in HealthCheckCard.Questions)
        {
            if (!int.TryParse(reader.Raw(HealthCheckCard.InputId(question)), CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5)
            {
                return (scores, null, $"{nothing}: give every question a score from 1 to 5.");
            }

            scores[question] = score;
        }

        var note = reader.Raw("note")?.Trim();
        if (note is { Length: > HealthCheckCard.MaxNoteLength })
        {
            return (scores, null, $"{nothing}: the note may be at most {HealthCheckCard.MaxNoteLength:N0} characters (it has {note.Length:N0}). Please shorten it and send again.");
        }

        return (scores, string.IsNullOrEmpty(note) ? null : note, null);
    }
}
