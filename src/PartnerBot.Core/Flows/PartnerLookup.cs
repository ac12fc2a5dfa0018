using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Flows;

/// <summary>The partner a command or card names, or the reply that explains why there is none.</summary>
public sealed record PartnerLookupResult(Stored<Partner>? Partner, IReadOnlyList<BotReply> Replies);

/// <summary>The partner a command names among partners already read, or the reply that explains why there is none.</summary>
public sealed record PartnerChoice(Partner? Partner, IReadOnlyList<BotReply> Replies);

/// <summary>
/// Finds the partner a command means: by id (from a button or the recognizer, checked against the workspace) or by
/// the typed name, tolerant of typos. The one lookup every command that names a partner uses. Archived partners are
/// never found, except by <see cref="FindArchivedAsync"/>, which restoring uses.
/// </summary>
public static class PartnerLookup
{
    /// <summary>Partner ids are short; anything longer in a card or a guess is tampered, and is not looked up.</summary>
    public const int MaxIdLength = 64;

    public const string Gone = "That partner is not in your workspace (it may have been removed, or belong to another library). Nothing was changed.";

    public static async Task<PartnerLookupResult> FindAsync(FlowServices services, CommandRequest request, BotCommand command, CancellationToken cancellationToken)
    {
        var workspace = request.Caller.Workspace;
        if (IdIn(request) is { } id)
        {
            var byId = await GetAsync(services, workspace, id, cancellationToken);
            return new PartnerLookupResult(byId, byId is null ? Replies.Refuse(Gone) : []);
        }

        var (match, replies) = Match(PartnerRules.InPlay(await services.Partners.ListAsync(workspace, cancellationToken)), request, command);
        if (match is null)
        {
            return new PartnerLookupResult(null, replies);
        }

        var found = await GetAsync(services, workspace, match.Id, cancellationToken);
        return new PartnerLookupResult(found, found is null ? Replies.Refuse(Gone) : []);
    }

    /// <summary>The same choice made over a pipeline already read (with its ETags): no storage call.</summary>
    public static PartnerLookupResult Find(IReadOnlyList<Stored<Partner>> pipeline, CommandRequest request, BotCommand command)
    {
        var choice = Find([.. pipeline.Select(p => p.Value).Where(p => !p.IsArchived)], request, command);
        return new PartnerLookupResult(choice.Partner is { } chosen ? pipeline.First(p => p.Value.Id == chosen.Id) : null, choice.Replies);
    }

    /// <summary>The same choice made over partners already read, for callers that do not save the partner.</summary>
    public static PartnerChoice Find(IReadOnlyList<Partner> all, CommandRequest request, BotCommand command)
    {
        var partners = PartnerRules.InPlay(all);
        if (IdIn(request) is { } id)
        {
            var byId = id.Length > MaxIdLength ? null : partners.FirstOrDefault(p => p.Id == id);
            return new PartnerChoice(byId, byId is null ? Replies.Refuse(Gone) : []);
        }

        return Match(partners, request, command);
    }

    private static string? IdIn(CommandRequest request) =>
        request.Entities.TryGetValue("partner", out var id) && id.Length > 0 ? id : null;

    /// <summary>
    /// By name: the partners whose name is the text (ignoring case) first; else those whose name contains it; else the
    /// closest names allowing for typos, a leading "the" and a shortened name (<see cref="PartnerNameMatcher"/>).
    /// One partner is the answer; several equally good ones get a "which one" card; none gets an explanation.
    /// </summary>
    private static PartnerChoice Match(IReadOnlyList<Partner> all, CommandRequest request, BotCommand command)
    {
        var name = request.Arguments.Trim();
        if (name.Length == 0 && request.Entities.TryGetValue("partnerName", out var recognized))
        {
            name = recognized.Trim();
        }

        if (name.Length == 0)
        {
            return all.Count == 0
                ? new PartnerChoice(null, Replies.Say("You have no partners yet. Type 'add partner' to add the first one."))
                : new PartnerChoice(null, [BotReply.Show(ChoiceCard($"Which partner? (or type '{command.Name} <name>')", all, command))]);
        }

        var exact = all.Where(p => string.Equals(p.Name, name, StringComparison.CurrentCultureIgnoreCase)).ToList();
        var matches = exact.Count > 0 ? exact : all.Where(p => p.Name.Contains(name, StringComparison.CurrentCultureIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            matches = Closest(all, name);
        }

        if (matches.Count == 1)
        {
            return new PartnerChoice(matches[0], []);
        }

        return matches.Count == 0
            ? new PartnerChoice(null, Replies.Say($"I found no partner called \"{name}\". Type 'partners' to see them all, or 'add partner {name}' to add it."))
            : new PartnerChoice(null, [BotReply.Show(ChoiceCard($"Several partners match \"{name}\". Which one?", matches, command))]);
    }

    /// <summary>The partners whose name matches the typed text best, allowing for typos; several only on a tie.</summary>
    private static List<Partner> Closest(IReadOnlyList<Partner> all, string name)
    {
        var tokens = TextNormalizer.Tokens(name);
        var scored = all
            .Select(p => (Partner: p, Match: PartnerNameMatcher.FindBest(tokens, new Dictionary<string, string>(StringComparer.Ordinal) { [p.Id] = p.Name })))
            .Where(x => x.Match is not null)
            .ToList();
        if (scored.Count == 0)
        {
            return [];
        }

        // The matcher's own order: higher similarity, then the longer name ("Science Museum Friends" over "Science Museum").
        var best = scored.MaxBy(x => (x.Match!.Similarity, x.Match.Length))!.Match!;
        return scored.Where(x => x.Match!.Similarity == best.Similarity && x.Match.Length == best.Length).Select(x => x.Partner).ToList();
    }

    /// <summary>The partner by id within the caller's workspace; null for another workspace's, a removed or an archived one.</summary>
    public static async Task<Stored<Partner>?> GetAsync(FlowServices services, WorkspaceKey workspace, string id, CancellationToken cancellationToken) =>
        await GetAnyAsync(services, workspace, id, cancellationToken) is { Value.IsArchived: false } found ? found : null;

    /// <summary>The partner by id within the caller's workspace, archived or not: for restoring, undoing and erasing.</summary>
    public static Task<Stored<Partner>?> GetAnyAsync(FlowServices services, WorkspaceKey workspace, string id, CancellationToken cancellationToken) =>
        id.Length is 0 or > MaxIdLength ? Task.FromResult<Stored<Partner>?>(null) : services.Partners.GetAsync(workspace, id, cancellationToken);

    /// <summary>Erasing: the partner the command names among those in play and those archived (a person may be archived first, then erased).</summary>
    public static async Task<PartnerLookupResult> FindIncludingArchivedAsync(FlowServices services, CommandRequest request, BotCommand command, CancellationToken cancellationToken)
    {
        var workspace = request.Caller.Workspace;
        if (IdIn(request) is { } id)
        {
            var byId = await GetAnyAsync(services, workspace, id, cancellationToken);
            return new PartnerLookupResult(byId, byId is null ? Replies.Refuse(Gone) : []);
        }

        var live = PartnerRules.InPlay(await services.Partners.ListAsync(workspace, cancellationToken));
        var archived = await services.Removals.ListArchivedAsync(workspace, cancellationToken);
        var (match, replies) = Match([.. live, .. archived.Select(p => p.Value)], request, command);
        if (match is null)
        {
            return new PartnerLookupResult(null, replies);
        }

        var found = await GetAnyAsync(services, workspace, match.Id, cancellationToken);
        return new PartnerLookupResult(found, found is null ? Replies.Refuse(Gone) : []);
    }

    /// <summary>Restoring: the archived partner the command names, by id or by name, with the same tolerance as <see cref="FindAsync"/>.</summary>
    public static async Task<PartnerLookupResult> FindArchivedAsync(FlowServices services, CommandRequest request, BotCommand command, CancellationToken cancellationToken)
    {
        var archived = await services.Removals.ListArchivedAsync(request.Caller.Workspace, cancellationToken);
        if (archived.Count == 0)
        {
            return new PartnerLookupResult(null, Replies.Say("No partner is archived."));
        }

        if (IdIn(request) is { } id)
        {
            var byId = archived.FirstOrDefault(p => p.Value.Id == id);
            return new PartnerLookupResult(byId, byId is null ? Replies.Refuse("That partner is not archived (it may have been restored or erased). Nothing was changed.") : []);
        }

        var (match, replies) = Match([.. archived.Select(p => p.Value)], request, command);
        return new PartnerLookupResult(match is null ? null : archived.First(p => p.Value.Id == match.Id), replies);
    }

    private static AdaptiveCard ChoiceCard(string title, IReadOnlyList<Partner> partners, BotCommand command) => new()
    {
        FallbackText = title,
        Body = { new TextBlock(title) { Weight = TextWeight.Bolder } },
        Actions = partners.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).Take(5)
            .Select(p => (CardAction)Buttons.Command(p.Name, command, p.Id)).ToList(),
    };
}
