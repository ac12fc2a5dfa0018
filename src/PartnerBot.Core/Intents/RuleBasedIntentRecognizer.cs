using System.Collections.Concurrent;
using System.Globalization;
using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.Intents;

/// <summary>
/// The deterministic recognizer: a routing table of phrases per command, typo-tolerant word matching,
/// fuzzy partner names, and rules for types, sectors and periods. Works without any language model.
/// </summary>
public sealed class RuleBasedIntentRecognizer : IIntentRecognizer
{
    /// <summary>The command an existing partner's name alone points to ("science museum?" → show it).</summary>
    private const string ShowPartnerCommand = "partner";

    private const string AddPartnerCommand = "add partner";

    // The command list is dynamic, so phrases are tokenised on first sight of each command name and kept.
    private static readonly ConcurrentDictionary<string, IReadOnlyList<IReadOnlyList<string>>> PhraseTokens = new(StringComparer.Ordinal);

    public Task<Intent> RecognizeAsync(string text, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames, CancellationToken cancellationToken) =>
        Task.FromResult(Recognize(text, commands, partnerNames));

    public static Intent Recognize(string text, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames)
    {
        var tokens = TextNormalizer.Tokens(text);
        if (tokens.Count == 0 || commands.Count == 0)
        {
            return Intent.None;
        }

        var partner = PartnerNameMatcher.FindBest(tokens, partnerNames);
        // The partner's own words must not vote for a command: "Partner Museum" is not the "partner" command.
        var commandTokens = partner is null ? tokens : tokens.Where((_, i) => i < partner.Start || i >= partner.Start + partner.Length).ToList();

        var (command, score) = BestCommand(commandTokens, commands);
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);

        if (command is null && partner is not null && commands.Any(c => c.Name == ShowPartnerCommand))
        {
            command = ShowPartnerCommand;
            score = 0.6;
        }

        if (command is null)
        {
            return Intent.None;
        }

        // An existing partner's own name says nothing about the type asked for: "screen the Science Museum" is not about museums.
        var entityTokens = command == AddPartnerCommand ? tokens : commandTokens;
        var type = EntityExtractor.FindType(entityTokens);
        if (command == AddPartnerCommand)
        {
            if (EntityExtractor.FindNewPartnerName(text) is { } newName)
            {
                entities["partnerName"] = newName;
            }
        }
        else if (partner is not null)
        {
            entities["partner"] = partner.PartnerId;
        }

        if (type is not null)
        {
            entities["partnerType"] = type.Value.ToString();
        }

        if (EntityExtractor.FindSector(entityTokens, type) is { } sector)
        {
            entities["sector"] = sector.ToString();
        }

        if (EntityExtractor.FindDays(tokens) is { } days)
        {
            entities["days"] = days.ToString(CultureInfo.InvariantCulture);
        }

        var confidence = Math.Round(Math.Min(1, score) * (partner?.Similarity ?? 1), 2);
        return new Intent(command, entities, confidence);
    }

    private static (string? Command, double Score) BestCommand(IReadOnlyList<string> tokens, IReadOnlyList<BotCommand> commands)
    {
        string? best = null;
        var bestScore = 0.0;
        var bestWeight = 0.0;
        foreach (var command in commands)
        {
            foreach (var words in PhraseTokens.GetOrAdd(command.Name, name => RoutingTable.PhrasesFor(name).Select(TextNormalizer.Tokens).ToList()))
            {
                var match = PhraseScore(tokens, words);
                if (match <= 0)
                {
                    continue;
                }

                // Longer phrases are stronger evidence: "add partner" beats "partner", "not contacted" beats "contact".
                var weight = match * words.Count;
                if (weight > bestWeight)
                {
                    best = command.Name;
                    bestWeight = weight;
                    bestScore = match;
                }
            }
        }

        return best is null ? (null, 0) : (best, 0.5 + (0.45 * bestScore));
    }

    /// <summary>Mean word score when every word of the phrase appears in order (gaps allowed); 0 otherwise.</summary>
    private static double PhraseScore(IReadOnlyList<string> tokens, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return 0;
        }

        var total = 0.0;
        var position = 0;
        foreach (var word in words)
        {
            var found = false;
            for (; position < tokens.Count; position++)
            {
                var score = FuzzyText.WordScore(tokens[position], word);
                if (score > 0)
                {
                    total += score;
                    position++;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return 0;
            }
        }

        return total / words.Count;
    }
}
