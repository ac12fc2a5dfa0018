using PartnerBot.Core.Cards.Partners;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Partners;

/// <summary>Adding, editing, listing and showing partners, and moving them between stages.</summary>
public sealed class PartnerFlow(FlowServices services) : IFlow, ICardActionHandler, IDialogFlow
{
    public static readonly BotCommand RankingCommand = new("ranking", "The prioritised list of candidates", CommandScopes.All);
    public static readonly BotCommand StageCommand = new("stage", "Move a partner to another stage, e.g. 'stage City Museum'", CommandScopes.Personal);
    public static readonly BotCommand ShowCommand = new("partner", "Show one partner with its stage and history, e.g. 'partner City Museum'", CommandScopes.All);
    public static readonly BotCommand ListCommand = new("partners", "List or search partners, e.g. 'partners museum'", CommandScopes.All);
    public static readonly BotCommand AddCommand = new("add partner", "Add a candidate partner, e.g. 'add partner City Museum'", CommandScopes.Personal);

    public IReadOnlyCollection<string> Actions { get; } = [PartnerCards.SaveAction, PartnerCards.StageAction];

    public void Register(BotRoutes routes) => routes
        .Command(PartnerFlow.AddCommand, AddAsync)
        .Command(PartnerFlow.ListCommand, ListAsync)
        .Command(PartnerFlow.ShowCommand, ShowAsync)
        .Command(PartnerFlow.StageCommand, StageAsync)
        .Command(PartnerFlow.RankingCommand, RankingAsync)
        .Actions(this)
        .Dialog(this);

    /// <summary>"add partner [name]" opens the form; from a partner card's Edit button it opens pre-filled.</summary>
    public async Task<IReadOnlyList<BotReply>> AddAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        Stored<Partner>? existing = null;
        if (request.Entities.TryGetValue("partner", out var id))
        {
            existing = await PartnerLookup.GetAsync(services, request.Caller.Workspace, id, cancellationToken);
            if (existing is null)
            {
                return Replies.Refuse(PartnerLookup.Gone);
            }
        }

        var name = request.Arguments.Length > 0 ? request.Arguments : request.Entities.GetValueOrDefault("partnerName");
        // A new partner's id is minted with the card: every submit of this card names the same partner.
        var dialog = new PartnerFormDialog
        {
            PartnerId = existing?.Value.Id,
            SuggestedName = name,
            NewPartnerId = existing is null ? FlowServices.NewId() : null,
            StartedAt = services.Time.GetUtcNow(),
        };
        await services.Dialogs.SaveAsync(request.Caller.Workspace, request.Caller.User.UserId, dialog, null, cancellationToken);
        return [BotReply.Show(await FormAsync(request.Caller, existing, name, dialog.NewPartnerId, cancellationToken))];
    }

    private static readonly IReadOnlyList<BotReply> NoPartners = [BotReply.Say("You have no partners yet. Type 'add partner' to add the first one.")];

    public async Task<IReadOnlyList<BotReply>> ListAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        if (request.Entities.TryGetValue("days", out var daysText)
            && int.TryParse(daysText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days)
            && days is > 0 and <= 3660)
        {
            return await QuietAsync(request.Caller, days, cancellationToken);
        }

        var all = PartnerRules.InPlay(await services.Partners.ListAsync(request.Caller.Workspace, cancellationToken));
        if (all.Count == 0)
        {
            return NoPartners;
        }

        var search = request.Arguments.Length > 0 ? request.Arguments : null;
        var shown = search is null
            ? all
            : all.Where(p => p.Name.Contains(search, StringComparison.CurrentCultureIgnoreCase)
                || p.Clusters.Any(c => c.Contains(search, StringComparison.CurrentCultureIgnoreCase))
                || PartnerCatalog.Label(p.Type).Contains(search, StringComparison.CurrentCultureIgnoreCase)
                || (p.Notes ?? "").Contains(search, StringComparison.CurrentCultureIgnoreCase)).ToList();
        return shown.Count == 0
            ? Replies.Say($"No partner matches \"{search}\".")
            : [BotReply.Show(PartnerCards.List(shown, search))];
    }

    /// <summary>
    /// "Who hasn't been contacted in a month?": partners still in play with no interaction logged in that many days.
    /// The whole pipeline with its history is one partition query.
    /// </summary>
    private async Task<IReadOnlyList<BotReply>> QuietAsync(Caller caller, int days, CancellationToken cancellationToken)
    {
        var since = services.Time.GetUtcNow().AddDays(-days);
        var pipeline = await services.Pipelines.ReadAsync(caller.Workspace, cancellationToken);
        if (pipeline.Partners.Count == 0)
        {
            return NoPartners;
        }

        var quiet = PartnerRules.InPlay(pipeline.Partners)
            .Where(p => p.Stage != PartnerStage.Ended)
            .Where(p => !pipeline.Histories.TryGetValue(p.Id, out var history) || !history.Interactions.Any(i => i.OccurredAt >= since))
            .ToList();

        var period = $"the last {days} days";
        return quiet.Count == 0
            ? Replies.Say($"Every partner in play has had contact logged in {period}.")
            : [BotReply.Show(PartnerCards.List(quiet, null, $"No contact logged in {period} ({quiet.Count})"))];
    }

    public async Task<IReadOnlyList<BotReply>> ShowAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var found = await PartnerLookup.FindAsync(services, request, PartnerFlow.ShowCommand, cancellationToken);
        return found.Partner is null ? found.Replies : [await ViewAsync(request.Caller, found.Partner, cancellationToken)];
    }

    public async Task<IReadOnlyList<BotReply>> StageAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var found = await PartnerLookup.FindAsync(services, request, PartnerFlow.StageCommand, cancellationToken);
        return found.Partner is null ? found.Replies : [BotReply.Show(PartnerCards.StageForm(found.Partner))];
    }

    public async Task<IReadOnlyList<BotReply>> RankingAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var all = PartnerRules.InPlay(await services.Partners.ListAsync(request.Caller.Workspace, cancellationToken));
        return all.Count == 0
            ? Replies.Say("You have no partners yet. Type 'add partner' to add the first one.")
            : [BotReply.Show(Cards.Screening.RankingCard.Build(Ranking.Rank(all), null))];
    }

    public Task<IReadOnlyList<BotReply>> HandleAsync(CardActionRequest request, CancellationToken cancellationToken) =>
        request.Action == PartnerCards.StageAction ? ChangeStageAsync(request, cancellationToken) : SaveAsync(request, cancellationToken);

    public bool Owns(DialogState state) => state is PartnerFormDialog;

    public string Describe(DialogState state) => ((PartnerFormDialog)state).PartnerId is null ? "adding a partner" : "editing a partner";

    public string AfterCancel(DialogState state) => ((PartnerFormDialog)state).PartnerId is null
        ? "No partner was added. Type 'add partner' and the name to start again."
        : "The partner keeps what it had before. Type 'partner' and its name, then Edit, to start again.";

    public string Help(DialogState state) =>
        $"The card asks for the partner's name (at most {PartnerCatalog.MaxNameLength} characters), its type, its sector (civic, public or market; " +
        "left empty I suggest one from the type), the subject clusters it works in, which of your needs it might cover, " +
        $"whether it would be a partnership, a sponsorship or funding, its website and any notes (at most {PartnerCatalog.MaxNotesLength} characters).";

    public async Task<IReadOnlyList<BotReply>> ResumeAsync(Caller caller, DialogState state, CancellationToken cancellationToken)
    {
        var dialog = (PartnerFormDialog)state;
        Stored<Partner>? existing = null;
        if (dialog.PartnerId is { } id)
        {
            existing = await services.Partners.GetAsync(caller.Workspace, id, cancellationToken);
        }

        var token = dialog.PartnerId is null ? dialog.NewPartnerId ?? FlowServices.NewId() : null;
        return [BotReply.Show(await FormAsync(caller, existing, dialog.SuggestedName, token, cancellationToken))];
    }

    private async Task<IReadOnlyList<BotReply>> SaveAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var partnerId = reader.Raw("partner") ?? "";
        var etag = reader.Raw("etag") ?? "";
        Stored<Partner>? existing = null;
        if (partnerId.Length > 0)
        {
            existing = await PartnerLookup.GetAsync(services, caller.Workspace, partnerId, cancellationToken);
            if (existing is null)
            {
                return Replies.Refuse(PartnerLookup.Gone);
            }

            if (existing.ETag != etag)
            {
                return [BotReply.Refuse("Someone changed this partner after your card was opened, so I did not save it. Here is the current version; use More → Edit to change it."), await ViewAsync(caller, existing, cancellationToken)];
            }
        }

        var assessments = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
        var needIds = assessments.SelectMany(a => a.Needs).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        var name = reader.Text("name", "The name", PartnerCatalog.MaxNameLength, required: true);
        var type = reader.Enum<PartnerType>("type", "The type", required: true);
        var sector = reader.Enum<Sector>("sector", "The sector");
        var clusters = reader.List("clusters", "Clusters", PartnerCatalog.ExampleClusters.SubmitValues)
            .Select(PartnerCatalog.ExampleClusters.TextOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var other = reader.Text("clustersOther", "Other clusters", 300);
        clusters.AddRange(other.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => !clusters.Contains(c, StringComparer.CurrentCultureIgnoreCase)));
        var needs = reader.List("needs", "Needs", needIds);
        var relationship = reader.Enum<RelationshipKind>("relationship", "The relationship") ?? RelationshipKind.Partnership;
        var website = reader.Text("website", "The website", PartnerCatalog.MaxWebsiteLength);
        if (website.Length > 0 && !(Uri.TryCreate(website, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            reader.Problem("The website must start with http:// or https://.");
        }

        var notes = reader.Text("notes", "The notes", PartnerCatalog.MaxNotesLength);
        if (!reader.IsValid || type is null)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        // Adding: the id the card was shown with, so the same card submitted twice (a double click, a retry, another
        // instance) is recognised by the store instead of adding a second partner. A card without one gets a fresh id.
        var newId = existing is null && IsMintedId(reader.Raw("token")) ? reader.Raw("token")! : FlowServices.NewId();
        if (existing is null)
        {
            if (await services.Partners.GetAsync(caller.Workspace, newId, cancellationToken) is { } added)
            {
                return await AlreadyAddedAsync(caller, added, cancellationToken);
            }

            if (reader.Raw("anyway") != "true"
                && PartnerRules.SameName(await services.Partners.ListAsync(caller.Workspace, cancellationToken), name) is { } same)
            {
                var submitted = request.Value.DeepClone().AsObject();
                submitted["token"] = newId;
                return [BotReply.Show(LifecycleCards.SameName(same, name, submitted))];
            }
        }

        var now = services.Time.GetUtcNow();
        var partner = (existing?.Value ?? new Partner
        {
            Id = newId,
            Name = name,
            Type = type.Value,
            Sector = sector ?? PartnerCatalog.SuggestSector(type.Value),
            CreatedByUserId = caller.User.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        }) with
        {
            Name = name,
            Type = type.Value,
            Sector = sector ?? PartnerCatalog.SuggestSector(type.Value),
            Clusters = clusters,
            NeedIds = needs,
            Relationship = relationship,
            Website = website.Length == 0 ? null : website,
            Notes = notes.Length == 0 ? null : notes,
            UpdatedAt = now,
        };
        Stored<Partner> saved;
        try
        {
            saved = await services.Partners.SaveAsync(caller.Workspace, partner, existing?.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            var current = await services.Partners.GetAsync(caller.Workspace, partner.Id, cancellationToken);
            if (existing is null && current is not null)
            {
                // The same card's other submit won the race to the store.
                return await AlreadyAddedAsync(caller, current, cancellationToken);
            }

            return current is null
                ? Replies.Refuse(PartnerLookup.Gone)
                : [BotReply.Refuse("Someone changed this partner at the same moment, so I did not save your version. Here is theirs."), await ViewAsync(caller, current, cancellationToken)];
        }

        await services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        var sectorNote = sector is null ? $" I put it in the {PartnerCatalog.Label(partner.Sector).ToLowerInvariant()} sector, as usual for its type; edit it if that is wrong." : "";
        return [BotReply.Say((existing is null ? $"Added {partner.Name}." : $"Saved {partner.Name}.") + sectorNote), await ViewAsync(caller, saved, cancellationToken)];
    }

    private async Task<IReadOnlyList<BotReply>> ChangeStageAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var existing = await PartnerLookup.GetAsync(services, caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (existing is null)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        var stage = reader.Enum<PartnerStage>("stage", "The stage", required: true);
        var reason = reader.Text("reason", "The reason", PartnerCatalog.MaxReasonLength);
        if (stage == PartnerStage.Ended && reason.Length == 0)
        {
            reader.Problem("Say why the partnership ends.");
        }

        if (!reader.IsValid || stage is null)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        if (existing.ETag != (reader.Raw("etag") ?? ""))
        {
            return [BotReply.Refuse("This partner changed after your card was opened, so I did not change its stage. Here is the current version."), await ViewAsync(caller, existing, cancellationToken)];
        }

        var updated = existing.Value with { Stage = stage.Value, StageReason = reason.Length == 0 ? null : reason, UpdatedAt = services.Time.GetUtcNow() };
        try
        {
            var saved = await services.Partners.SaveAsync(caller.Workspace, updated, existing.ETag, cancellationToken);
            var confirmation = LifecycleCards.Changed($"{updated.Name} is now at stage {stage.Value.Label()}.", saved, UndoKind.Stage, existing.Value.Stage, existing.Value.StageReason ?? "");
            return [BotReply.Show(confirmation), await ViewAsync(caller, saved, cancellationToken)];
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse("Someone changed this partner at the same moment; nothing was changed. Open it again to see the latest.");
        }
    }

    /// <summary>The second submit of an add card: the partner its first submit added.</summary>
    private async Task<IReadOnlyList<BotReply>> AlreadyAddedAsync(Caller caller, Stored<Partner> added, CancellationToken cancellationToken)
    {
        await services.Dialogs.DeleteAsync(caller.Workspace, caller.User.UserId, cancellationToken);
        return added.Value.IsArchived
            ? Replies.Refuse($"{added.Value.Name} was already added from this card, and has since been archived. Type 'restore {added.Value.Name}' to bring it back.")
            : [BotReply.Refuse($"{added.Value.Name} was already added from this card; here it is."), await ViewAsync(caller, added, cancellationToken)];
    }

    /// <summary>A card token is an id this bot minted (<see cref="FlowServices.NewId"/>); anything else is ignored.</summary>
    private static bool IsMintedId(string? token) =>
        token is { Length: 16 } && token.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public async Task<BotReply> ViewAsync(Caller caller, Stored<Partner> partner, CancellationToken cancellationToken)
    {
        var history = await services.History.GetAsync(caller.Workspace, partner.Value.Id, cancellationToken);
        var assessments = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
        var all = await services.Partners.ListAsync(caller.Workspace, cancellationToken);
        var members = partner.Value.Contact is null && history.HealthChecks.Count == 0 ? [] : await services.Members.ListAsync(caller.Workspace, cancellationToken);
        var rank = Ranking.Rank(all).FirstOrDefault(r => r.Partner.Id == partner.Value.Id)?.Rank;
        var labels = PartnerCards.NeedChoices(assessments).ToDictionary(n => n.Id, n => n.Label, StringComparer.Ordinal);
        var introductions = new Introductions.PartnerIntroductions(await services.Introductions.ListAsync(caller.Workspace, cancellationToken), all.ToDictionary(p => p.Id, StringComparer.Ordinal));
        return BotReply.Show(PartnerCards.View(partner, history, labels, members.ToDictionary(m => m.UserId, m => m.Name, StringComparer.Ordinal), rank, caller.Zone, caller, services.Time.GetUtcNow(), introductions));
    }

    private async Task<Cards.AdaptiveCards.AdaptiveCard> FormAsync(Caller caller, Stored<Partner>? existing, string? name, string? token, CancellationToken cancellationToken)
    {
        var assessments = await services.Needs.ListAsync(caller.Workspace, cancellationToken);
        var trimmed = name is { Length: > PartnerCatalog.MaxNameLength } ? name[..PartnerCatalog.MaxNameLength] : name;
        return PartnerCards.Form(existing, trimmed, PartnerCards.NeedChoices(assessments), token);
    }
}
