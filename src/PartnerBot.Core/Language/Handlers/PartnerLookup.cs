using PartnerBot.Core.Conversations;
using PartnerBot.Core.Language.Routing;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Language.Handlers;

/// <summary>Finds the partner a command names: the recognizer's partner id if it is one of ours, else the typed name.</summary>
internal static class PartnerLookup
{
    public static Partner? Find(CommandRequest request, IReadOnlyList<Partner> partners)
    {
        // The id came from a recognizer, possibly a model: trust it only if it is a partner of this workspace.
        if (request.Entities.TryGetValue("partner", out var id) && partners.FirstOrDefault(p => p.Id == id) is { } byId)
        {
            return byId;
        }

        var names = partners.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var match = PartnerNameMatcher.FindBest(TextNormalizer.Tokens(request.Arguments), names);
        return match is null ? null : partners.First(p => p.Id == match.PartnerId);
    }
}
