using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.FollowThrough.Health;

/// <summary>
/// 'ask partner &lt;partner&gt;' and the "Ask … too" buttons: the library's contact asks the partner's own contact to
/// answer the health check from their side, on a page reached by a signed link (seed 004: each partner's interest must be
/// addressed). The bot makes the round and the link and drafts the e-mail; the person sends it. Also the link's Revoke
/// and Show-again buttons. Without <see cref="IPartnerLinks"/> (a host with no public page) it refuses, creating nothing.
/// </summary>
public sealed class PartnerRoundFlow(FlowServices services, IPartnerRoundStore rounds, IPartnerLinks? links) : IFlow, ICardActionHandler
{
    public static readonly BotCommand AskCommand = new("ask partner", "Send a partner a link to answer the health check from their side, e.g. 'ask partner City Museum'", CommandScopes.Personal);

    public const string NotAllowed = "Only the partner's contact, a manager or an admin can ask the partner for their view or revoke the link. Nothing was changed.";
    public const string NoPage = "The partner's page is not set up on this server (it has no public address for it), so I cannot make a link. Nothing was created.";
    public const string RoundGone = "That link is no longer stored for this partner. Nothing was changed.";
    public const string Stale = "This link changed after the card was sent (the partner may have answered, or someone revoked it), so I changed nothing. Here it is as it stands now.";

    public IReadOnlyCollection<string> Actions { get; } = [PartnerRoundCard.RevokeAction, PartnerRoundCard.ShowAction];

    public void Register(BotRoutes routes) => routes.Command(AskCommand, AskAsync).Actions(this);

    /// <summary>Who may ask a partner or revoke its link: its contact (any member of the contact team), a manager or an admin.</summary>
    public static bool MayAsk(Caller caller, Partner partner)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(partner);
        return caller.Role != WorkspaceRole.Staff || partner.Contact?.UserIds.Contains(caller.User.UserId) == true;
    }

    /// <summary>The "Ask … too" button for the health check's form, its confirmation and the reminder.</summary>
    public static SubmitAction AskButton(string partnerId, string partnerName) => Buttons.Command($"Ask {partnerName} too", AskCommand, partnerId);

    /// <summary>Why the partner cannot be asked now, or null when it can: only an agreed partnership, not archived or ended.</summary>
    public static string? CannotAsk(Partner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        if (partner.IsArchived)
        {
            return $"{partner.Name} is archived, so I will not send it a link. Restore it first ('restore {partner.Name}'). Nothing was created.";
        }

        return partner.Stage switch
        {
            PartnerStage.Ended => $"The partnership with {partner.Name} has ended, so there is no health check to ask it about. Nothing was created.",
            PartnerStage.Formalised or PartnerStage.Active or PartnerStage.UnderReview => null,
            _ => $"{partner.Name} is {partner.Stage.InSentence()}: the partner's side of the health check is for an agreed partnership (formalised, active or under review). Nothing was created.",
        };
    }

    public async Task<IReadOnlyList<BotReply>> AskAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Caller;
        var found = await PartnerLookup.FindIncludingArchivedAsync(services, request, AskCommand, cancellationToken);
        if (found.Partner?.Value is not { } partner)
        {
            return found.Replies;
        }

        if (CannotAsk(partner) is { } why)
        {
            return Replies.Refuse(why);
        }

        if (!MayAsk(caller, partner))
        {
            return Replies.Refuse(NotAllowed);
        }

        if (links is null)
        {
            return Replies.Refuse(NoPage);
        }

        var now = services.Time.GetUtcNow();
        var history = await services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        if (PartnerRounds.Open(history.PartnerRounds, now) is { } open && history.PartnerRoundETags.TryGetValue(open.Id, out var openVersion))
        {
            return [BotReply.Show(PartnerRoundCard.AlreadyOpen(partner.Name, open, openVersion, caller.Zone))];
        }

        var round = new PartnerRound
        {
            Id = Guid.NewGuid().ToString("N"),
            PartnerId = partner.Id,
            CreatedByUserId = caller.User.UserId,
            CreatedAt = now,
            ExpiresAt = now + PartnerRounds.DefaultLifetime,
        };
        var saved = await rounds.SaveAsync(caller.Workspace, round, null, cancellationToken);
        return [BotReply.Show(await AskedCardAsync(caller, partner, saved, $"Ask {partner.Name} for their view", cancellationToken))];
    }

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reader = new SubmitReader(request.Value);
        var partnerId = reader.Raw("partnerId") ?? "";
        var roundId = reader.Raw("round") ?? "";
        var partner = await PartnerLookup.GetAnyAsync(services, request.Caller.Workspace, partnerId, cancellationToken);
        if (partner is null)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        if (!MayAsk(request.Caller, partner.Value))
        {
            return Replies.Refuse(NotAllowed);
        }

        var stored = roundId.Length is 0 or > PartnerLookup.MaxIdLength ? null : await rounds.GetAsync(request.Caller.Workspace, partner.Value.Id, roundId, cancellationToken);
        if (stored is null || stored.Value.PartnerId != partner.Value.Id)
        {
            return Replies.Refuse(RoundGone);
        }

        return request.Action == PartnerRoundCard.RevokeAction
            ? await RevokeAsync(request.Caller, partner.Value, stored, reader.Raw("version"), cancellationToken)
            : await ShowAsync(request.Caller, partner.Value, stored, cancellationToken);
    }

    private async Task<IReadOnlyList<BotReply>> ShowAsync(Caller caller, Partner partner, Stored<PartnerRound> stored, CancellationToken cancellationToken)
    {
        if (Closed(stored.Value, caller.Zone) is { } closed)
        {
            return Replies.Refuse($"{closed} Type '{AskCommand.Name} {partner.Name}' to ask again.");
        }

        if (CannotAsk(partner) is { } why)
        {
            return Replies.Refuse(why);
        }

        return links is null
            ? Replies.Refuse(NoPage)
            : [BotReply.Show(await AskedCardAsync(caller, partner, stored, $"The link for {partner.Name} again", cancellationToken))];
    }

    private async Task<IReadOnlyList<BotReply>> RevokeAsync(Caller caller, Partner partner, Stored<PartnerRound> stored, string? version, CancellationToken cancellationToken)
    {
        if (Closed(stored.Value, caller.Zone) is { } closed)
        {
            return Replies.Refuse(closed);
        }

        if (version is not { Length: > 0 } || version != stored.ETag)
        {
            return [BotReply.Refuse(Stale), BotReply.Show(PartnerRoundCard.AlreadyOpen(partner.Name, stored.Value, stored.ETag, caller.Zone))];
        }

        var revoked = stored.Value with { RevokedAt = services.Time.GetUtcNow(), RevokedByUserId = caller.User.UserId };
        try
        {
            await rounds.SaveAsync(caller.Workspace, revoked, stored.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse(Stale);
        }

        return [BotReply.Show(PartnerRoundCard.Revoked(partner.Name, Buttons.Command("Ask again", AskCommand, partner.Id)))];
    }

    /// <summary>Why a round no longer takes answers, in words; null while it is open.</summary>
    private string? Closed(PartnerRound round, TimeZoneInfo zone)
    {
        if (round.RevokedAt is { } at)
        {
            return $"That link was already revoked on {Dates.Day(at, zone)}. Nothing was changed.";
        }

        return round.IsOpenAt(services.Time.GetUtcNow()) ? null : $"That link already closed on {Dates.Day(round.ExpiresAt, zone)}. Nothing was changed.";
    }

    private async Task<AdaptiveCard> AskedCardAsync(Caller caller, Partner partner, Stored<PartnerRound> round, string headline, CancellationToken cancellationToken)
    {
        var workspace = await services.Directory.GetWorkspaceAsync(caller.Workspace, cancellationToken);
        var draft = new PartnerRoundDraft(
            partner.Name,
            workspace?.Value.LibraryName ?? "the library",
            caller.User.Name,
            links!.Create(caller.Workspace, round.Value),
            Dates.LocalDay(round.Value.ExpiresAt, caller.Zone));
        return PartnerRoundCard.Asked(headline, round.Value, round.ETag, draft);
    }
}
