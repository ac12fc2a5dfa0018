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

    private const string ListPartnersCommand = "partners";

    /// <summary>Commands whose words after the matched phrase are what they are about ("which partners cover <c>digital skills</c>").</summary>
    private static readonly IReadOnlySet<string> TopicCommands = new HashSet<string>(StringComparer.Ordinal) { "covers" };

    // The command list is dynamic, so phrases are tokenised on first sight of each command name and kept.
    private static readonly ConcurrentDictionary<string, IReadOnlyList<IReadOnlyList<string>>> PhraseTokens = new(StringComparer.Ordinal);

    private static readonly IReadOnlyList<IReadOnlyList<string>> QuietPhraseTokens = [.. RoutingTable.QuietPhrases.Select(TextNormalizer.Tokens)];

    public Task<Intent> RecognizeAsync(string text, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames, CancellationToken cancellationToken) =>
        Task.FromResult(Recognize(text, commands, partnerNames));

    public static Intent Recognize(string text, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames)
    {
        var tokens = TextNormalizer.Tokens(text);
        if (tokens.Count == 0 || commands.Count == 0)
        {
            return Intent.None;
        }

        var reserved = CommandWords(commands);
        var matches = PartnerNameMatcher.FindAll(tokens, partnerNames, reserved);
        var partner = Best(matches);
        // Several partners share the word typed ("the museum"): the words go on as a name, so the lookup asks which one.
        var ambiguous = partner is not null && matches.Count(m => m.Similarity == partner.Similarity && m.Start == partner.Start && m.Length == partner.Length) > 1;
        var partnerSpan = partner is null ? [] : Enumerable.Range(partner.Start, partner.Length).ToHashSet();

        // The partner's own words must not vote for a command: "Partner Museum" is not the "partner" command.
        var commandIndexes = Enumerable.Range(0, tokens.Count).Where(i => !partnerSpan.Contains(i)).ToList();
        var commandTokens = commandIndexes.Select(i => tokens[i]).ToList();

        var (command, score, matched) = BestCommand(commandTokens, commands);
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<int>(partnerSpan);
        used.UnionWith(matched.Select(i => commandIndexes[i]));

        if (command is null && partner is not null && commands.Any(c => c.Name == ShowPartnerCommand))
        {
            command = ShowPartnerCommand;
            // A name alone is a fair guess: enough that even one distinctive word of it (similarity 0.8) passes.
            score = 0.7;
        }

        if (command is null)
        {
            return Intent.None;
        }

        // Every word of the chosen command's phrases counts as understood: "drfat a propsal" uses both words.
        var commandWords = PhrasesOf(command).SelectMany(p => p).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (commandWords.Any(w => FuzzyText.WordScore(tokens[i], w) > 0))
            {
                used.Add(i);
            }
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

            // The name and its description are the partner's own words: all of them are used.
            used.UnionWith(Enumerable.Range(0, tokens.Count));
        }
        else if (partner is not null && ambiguous)
        {
            entities["partnerName"] = string.Join(' ', tokens.Skip(partner.Start).Take(partner.Length));
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

        if (type is not null || entities.ContainsKey("sector"))
        {
            MarkEntityWords(tokens, used);
        }

        if (EntityExtractor.FindDays(tokens) is { } days)
        {
            entities["days"] = days.ToString(CultureInfo.InvariantCulture);
            MarkPeriodWords(tokens, used);
        }
        else if (command == ListPartnersCommand && QuietPhraseTokens.Any(p => PhraseScore(commandTokens, p).Score > 0))
        {
            // "Which partners are stale?" lists only the quiet ones, over the usual period, never every partner.
            entities["days"] = RoutingTable.DefaultQuietDays.ToString(CultureInfo.InvariantCulture);
        }

        if (TopicCommands.Contains(command) && matched.Count > 0)
        {
            var after = commandIndexes[matched[^1]] + 1;
            var topic = tokens.Skip(after).Where((t, i) => !partnerSpan.Contains(after + i)).SkipWhile(RoutingTable.Filler.Contains).ToList();
            if (topic.Count > 0)
            {
                entities["topic"] = string.Join(' ', topic);
                used.UnionWith(Enumerable.Range(after, tokens.Count - after));
            }
        }

        var unused = tokens.Where((t, i) => !used.Contains(i) && !RoutingTable.Filler.Contains(t) && !t.All(char.IsDigit)).ToList();
        var confidence = Math.Round(Math.Min(1, score) * (partner?.Similarity ?? 1), 2);
        return new Intent(command, entities, confidence) { Unused = unused };
    }

    /// <summary>
    /// The commands a text most likely meant, best first, for a "did you mean" answer when nothing was understood:
    /// each command scores by how many words of its best phrase the text has (typos and a word's start allowed).
    /// </summary>
    public static IReadOnlyList<string> Suggest(string text, IReadOnlyList<BotCommand> commands)
    {
        var tokens = TextNormalizer.Tokens(text).Where(t => !RoutingTable.Filler.Contains(t)).ToList();
        if (tokens.Count == 0)
        {
            return [];
        }

        var scored = new List<(string Name, double Score, int Order)>();
        for (var order = 0; order < commands.Count; order++)
        {
            var best = 0.0;
            foreach (var words in PhrasesOf(commands[order].Name))
            {
                var content = words.Where(w => !RoutingTable.Filler.Contains(w)).ToList();
                if (content.Count == 0)
                {
                    continue;
                }

                var hits = content.Count(w => tokens.Any(t => FuzzyText.WordScore(t, w) > 0 || (t.Length >= 3 && w.StartsWith(t, StringComparison.Ordinal))
                    || (w.Length >= 4 && t.StartsWith(w, StringComparison.Ordinal))));
                best = Math.Max(best, (double)hits / content.Count);
            }

            if (best > 0)
            {
                scored.Add((commands[order].Name, best, order));
            }
        }

        return [.. scored.OrderByDescending(s => s.Score).ThenBy(s => s.Order).Select(s => s.Name)];
    }

    private static PartnerMatch? Best(IReadOnlyList<PartnerMatch> matches)
    {
        PartnerMatch? best = null;
        foreach (var match in matches)
        {
            // On a tie the longer name wins: "Science Museum Friends" over "Science Museum".
            if (best is null || match.Similarity > best.Similarity || (match.Similarity == best.Similarity && match.Length > best.Length))
            {
                best = match;
            }
        }

        return best;
    }

    private static IReadOnlyList<IReadOnlyList<string>> PhrasesOf(string commandName) =>
        PhraseTokens.GetOrAdd(commandName, name => RoutingTable.PhrasesFor(name).Select(TextNormalizer.Tokens).ToList());

    /// <summary>Every meaningful word of every command's phrases: such a word in the text is about the command, not a partner.</summary>
    private static HashSet<string> CommandWords(IReadOnlyList<BotCommand> commands) =>
        commands.SelectMany(c => PhrasesOf(c.Name)).SelectMany(p => p).Where(w => !RoutingTable.Filler.Contains(w)).ToHashSet(StringComparer.Ordinal);

    private static void MarkEntityWords(IReadOnlyList<string> tokens, HashSet<int> used)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (EntityExtractor.FindType([tokens[i]]) is not null || EntityExtractor.FindSector([tokens[i]], null) is not null)
            {
                used.Add(i);
            }
        }
    }

    private static void MarkPeriodWords(IReadOnlyList<string> tokens, HashSet<int> used)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (EntityExtractor.FindDays([tokens[i]]) is not null || tokens[i] is "couple" or "few" or "fortnight")
            {
                used.Add(i);
            }
        }
    }

    private static (string? Command, double Score, IReadOnlyList<int> Matched) BestCommand(IReadOnlyList<string> tokens, IReadOnlyList<BotCommand> commands)
    {
        string? best = null;
        var bestScore = 0.0;
        var bestWeight = 0.0;
        IReadOnlyList<int> bestMatched = [];
        foreach (var command in commands)
        {
            foreach (var words in PhrasesOf(command.Name))
            {
                var (match, matched) = PhraseScore(tokens, words);
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
                    bestMatched = matched;
                }
            }
        }

        return best is null ? (null, 0, []) : (best, 0.5 + (0.45 * bestScore), bestMatched);
    }

    /// <summary>Mean word score when every word of the phrase appears in order (gaps allowed), and where; 0 otherwise.</summary>
    private static (double Score, IReadOnlyList<int> Matched) PhraseScore(IReadOnlyList<string> tokens, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return (0, []);
        }

        var total = 0.0;
        var position = 0;
        var matched = new List<int>(words.Count);
        foreach (var word in words)
        {
            var found = false;
            for (; position < tokens.Count; position++)
            {
                var score = FuzzyText.WordScore(tokens[position], word);
                if (score > 0)
                {
                    total += score;
                    matched.Add(position);
                    position++;
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return (0, []);
            }
        }

        return (total / words.Count, matched);
    }
}
