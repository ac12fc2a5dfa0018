using PartnerBot.Core.Needs;

namespace PartnerBot.Core.Ideas;

/// <summary>
/// The default ideas: what the need's description mentions first (it is more specific), then what its
/// kind suggests; one idea per partner type, at most four.
/// </summary>
public sealed class RuleBasedPartnerIdeas : IPartnerIdeas
{
    public const int MaxIdeas = 4;

    public Task<IReadOnlyList<PartnerIdea>> SuggestAsync(Need need, CancellationToken cancellationToken) =>
        Task.FromResult(Suggest(need));

    public static IReadOnlyList<PartnerIdea> Suggest(Need need)
    {
        var description = need.Description.ToLowerInvariant();
        var words = Intents.TextNormalizer.Tokens(description);
        var fromKeywords = PartnerIdeaRules.KeywordRules
            .Where(rule => rule.Keywords.Any(k => Mentions(description, words, k)))
            .Select(rule => rule.Idea);
        var fromKind = PartnerIdeaRules.KindRules.TryGetValue(need.Kind, out var ideas) ? ideas : [];

        return fromKeywords.Concat(fromKind)
            .DistinctBy(idea => idea.Type)
            .Take(MaxIdeas)
            .ToList();
    }

    // Longer keywords are stems ("sustainab" finds "sustainability"); short ones must be whole words, or "ai" would find "aim" and "art" "artificial".
    private static bool Mentions(string description, IReadOnlyList<string> words, string keyword) =>
        keyword.Contains(' ', StringComparison.Ordinal) ? description.Contains(keyword, StringComparison.Ordinal)
        : keyword.Length <= 3 ? words.Contains(keyword)
        : words.Any(w => w.StartsWith(keyword, StringComparison.Ordinal));
}
