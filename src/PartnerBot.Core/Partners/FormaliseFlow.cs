using PartnerBot.Core.Cards.Formalise;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Partners;

/// <summary>Formalising a partnership: one card; saving moves the partner to Formalised.</summary>
public sealed class FormaliseFlow(FlowServices services) : PartnerCardFlow(services, FormaliseFlow.FormaliseCommand, "formalise", FormaliseCards.SaveAction)
{
    public static readonly BotCommand FormaliseCommand = new("formalise", "Record roles, resources, vision and dates of a partnership", CommandScopes.Personal);

    public override string Describe => "formalising a partnership";

    public override string Help => "Say what each side does, what each commits (people, equipment, facilities, technology), the shared vision, how you handle disagreements and avoid duplicate work, how often you talk, and the start, review and renewal dates. For sponsors, funders and businesses, tick the values check once you are sure they fit.";

    public override string AfterCancel => "Nothing from the card was saved; what you recorded earlier stays. Type 'formalise' and the partner's name to start again.";

    public override Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken) =>
        FormAsync(caller, partner.Value, cancellationToken);

    private async Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Partner partner, CancellationToken cancellationToken)
    {
        var history = await Services.History.GetAsync(caller.Workspace, partner.Id, cancellationToken);
        var all = await Services.Partners.ListAsync(caller.Workspace, cancellationToken);
        return FormaliseCards.Form(partner, history.Formalisation, PortfolioAnalysis.ShareIfInPlay(partner, all));
    }

    public override async Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var stored = await PartnerLookup.GetAsync(Services, caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (stored is null)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        var text = FormaliseCards.TextFields.ToDictionary(
            f => f.Id,
            f => reader.Text(f.Id, f.Label, FormaliseCards.MaxText, required: f.Id is "libraryRole" or "partnerRole"),
            StringComparer.Ordinal);
        var cadence = reader.Enum<CommunicationCadence>("cadence", "How often you talk") ?? CommunicationCadence.Monthly;
        var start = reader.Date("start", "The start date");
        var review = reader.Date("review", "The review date");
        var renewal = reader.Date("renewal", "The renewal date");
        if (start is { } s && (review < s || renewal < s))
        {
            reader.Problem("Review and renewal dates must come after the start date.");
        }

        if (!reader.IsValid)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        var needsCheck = PartnerCatalog.NeedsValuesCheck(stored.Value);
        var formalisation = new Formalisation
        {
            PartnerId = stored.Value.Id,
            LibraryRole = text["libraryRole"],
            PartnerRole = text["partnerRole"],
            Personnel = text["personnel"],
            Equipment = text["equipment"],
            Facilities = text["facilities"],
            Technology = text["technology"],
            SharedVision = text["sharedVision"],
            ConflictHandling = text["conflictHandling"],
            AvoidingDuplication = text["avoidingDuplication"],
            Cadence = cadence,
            StartDate = start,
            ReviewDate = review,
            RenewalDate = renewal,
            ValuesCheckPassed = needsCheck ? reader.Bool("valuesCheck") : null,
            UpdatedByUserId = caller.User.UserId,
            UpdatedAt = Services.Time.GetUtcNow(),
        };
        try
        {
            await Services.History.SaveFormalisationAsync(caller.Workspace, formalisation, reader.Raw("etag") is { Length: > 0 } e ? e : null, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return [BotReply.Refuse("Someone saved this agreement after your card was opened, so I kept theirs. Here it is; change it and save again if needed."), BotReply.Show(await FormAsync(caller, stored.Value, cancellationToken))];
        }

        if (stored.Value.Stage < PartnerStage.Formalised)
        {
            try
            {
                await Services.Partners.SaveAsync(caller.Workspace, stored.Value with { Stage = PartnerStage.Formalised, UpdatedAt = Services.Time.GetUtcNow() }, stored.ETag, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // The agreement is saved; the stage can be set from the partner card.
            }
        }

        await Services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var warning = needsCheck && formalisation.ValuesCheckPassed != true
            ? " The values check is not ticked yet: settle it before you sign."
            : "";
        return Replies.Say($"Saved the agreement with {stored.Value.Name}; it is now Formalised. Next review: {(review is { } r ? Cards.Dates.Day(r) : "not set")}.{warning}");
    }
}
