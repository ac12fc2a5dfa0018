using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Storage;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Workflows;

/// <summary>The partner a command or card names, or the reply that explains why there is none.</summary>
public sealed record PartnerLookupResult(Stored<Partner>? Partner, IReadOnlyList<BotReply> Replies);

/// <summary>Finds the partner a command means: by id (from a button or the recognizer, checked against the workspace) or by name.</summary>
public static class PartnerLookup
{
    /// <summary>Partner ids are short; anything longer in a card or a guess is tampered, and is not looked up.</summary>
    public const int MaxIdLength = 64;

    public const string Gone = "That partner is not in your workspace (it may have been removed, or belong to another library). Nothing was changed.";

    public static async Task<PartnerLookupResult> FindAsync(WorkflowServices services, CommandRequest request, BotCommand command, CancellationToken cancellationToken)
    {
        var workspace = request.Caller.Workspace;
        if (IdIn(request) is { } id)
        {
            var byId = await GetAsync(services, workspace, id, cancellationToken);
            return new PartnerLookupResult(byId, byId is null ? Replies.Say(Gone) : []);
        }

        var (match, replies) = Match(await services.Partners.ListAsync(workspace, cancellationToken), request, command);
        if (match is null)
        {
            return new PartnerLookupResult(null, replies);
        }

        var found = await GetAsync(services, workspace, match.Id, cancellationToken);
        return new PartnerLookupResult(found, found is null ? Replies.Say(Gone) : []);
    }

    /// <summary>The same choice made over a pipeline already read (with its ETags): no storage call.</summary>
    public static PartnerLookupResult Find(IReadOnlyList<Stored<Partner>> pipeline, CommandRequest request, BotCommand command)
    {
        if (IdIn(request) is { } id)
        {
            var byId = id.Length > MaxIdLength ? null : pipeline.FirstOrDefault(p => p.Value.Id == id);
            return new PartnerLookupResult(byId, byId is null ? Replies.Say(Gone) : []);
        }

        var (match, replies) = Match([.. pipeline.Select(p => p.Value)], request, command);
        return new PartnerLookupResult(match is null ? null : pipeline.First(p => p.Value.Id == match.Id), replies);
    }

    private static string? IdIn(CommandRequest request) =>
        request.Entities.TryGetValue("partner", out var id) && id.Length > 0 ? id : null;

    /// <summary>By name: exact (ignoring case) first, then the one partner whose name contains it; else a choice or an explanation.</summary>
    private static (Partner? Match, IReadOnlyList<BotReply> Replies) Match(IReadOnlyList<Partner> all, CommandRequest request, BotCommand command)
    {
        var name = request.Arguments.Trim();
        if (name.Length == 0 && request.Entities.TryGetValue("partnerName", out var recognized))
        {
            name = recognized;
        }

        if (name.Length == 0)
        {
            return all.Count == 0
                ? (null, Replies.Say("You have no partners yet. Type 'add partner' to add the first one."))
                : (null, [BotReply.Show(ChoiceCard($"Which partner? (or type '{command.Name} <name>')", all, command))]);
        }

        var exact = all.Where(p => string.Equals(p.Name, name, StringComparison.CurrentCultureIgnoreCase)).ToList();
        var matches = exact.Count > 0 ? exact : all.Where(p => p.Name.Contains(name, StringComparison.CurrentCultureIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            return (matches[0], []);
        }

        return matches.Count == 0
            ? (null, Replies.Say($"I found no partner called \"{name}\". Type 'partners' to see them all, or 'add partner {name}' to add it."))
            : (null, [BotReply.Show(ChoiceCard($"Several partners match \"{name}\". Which one?", matches, command))]);
    }

    /// <summary>The partner by id within the caller's workspace; null for another workspace's or a removed one.</summary>
    public static Task<Stored<Partner>?> GetAsync(WorkflowServices services, WorkspaceKey workspace, string id, CancellationToken cancellationToken) =>
        id.Length is 0 or > MaxIdLength ? Task.FromResult<Stored<Partner>?>(null) : services.Partners.GetAsync(workspace, id, cancellationToken);

    private static AdaptiveCard ChoiceCard(string title, IReadOnlyList<Partner> partners, BotCommand command) => new()
    {
        FallbackText = title,
        Body = { new TextBlock(title) { Weight = TextWeight.Bolder } },
        Actions = partners.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).Take(5)
            .Select(p => (CardAction)Buttons.Command(p.Name, command, p.Id)).ToList(),
    };
}
