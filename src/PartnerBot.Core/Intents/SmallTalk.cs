namespace PartnerBot.Core.Intents;

/// <summary>What a message that is only a greeting or a thank-you is.</summary>
public enum SmallTalkKind
{
    None,
    Greeting,
    Thanks,
}

/// <summary>
/// Greetings and thanks: "hi", "good morning!", "thanks a lot", "thnx". Only a message made of nothing else counts, so
/// "hi, screen the museum" is still a request to screen.
/// </summary>
public static class SmallTalk
{
    private static readonly string[] GreetingWords = ["hi", "hello", "hey", "hiya", "howdy", "greetings", "morning", "afternoon", "evening", "hallo", "hej", "heya", "yo", "hii"];

    private static readonly string[] ThanksWords = ["thanks", "thank", "thx", "thnx", "ty", "cheers", "thankyou", "ta", "appreciated"];

    /// <summary>Words that may come with a greeting or a thank-you without changing what it is.</summary>
    private static readonly HashSet<string> Company = new(StringComparer.Ordinal)
    {
        "good", "there", "you", "so", "much", "very", "a", "lot", "again", "ok", "okay", "great", "all", "everyone", "partnerbot",
        "bot", "and", "oh", "many", "for", "that", "the", "help", "your", "mate", "friend", "folks", "team",
    };

    private static readonly string[][] GreetingPhrases = [["how", "are", "you"], ["how", "r", "u"], ["whats", "up"], ["good", "day"]];

    public static SmallTalkKind Recognize(string? text)
    {
        var tokens = TextNormalizer.Tokens(text);
        if (tokens.Count is 0 or > 8)
        {
            return SmallTalkKind.None;
        }

        if (GreetingPhrases.Any(p => p.SequenceEqual(tokens)))
        {
            return SmallTalkKind.Greeting;
        }

        var greeting = false;
        var thanks = false;
        foreach (var token in tokens)
        {
            if (IsOneOf(token, ThanksWords))
            {
                thanks = true;
            }
            else if (IsOneOf(token, GreetingWords))
            {
                greeting = true;
            }
            else if (!Company.Contains(token))
            {
                return SmallTalkKind.None;
            }
        }

        return thanks ? SmallTalkKind.Thanks : greeting ? SmallTalkKind.Greeting : SmallTalkKind.None;
    }

    private static bool IsOneOf(string token, string[] words) =>
        words.Any(w => FuzzyText.WordScore(token, w) > 0) || (token.Length > 2 && words.Any(w => token.Distinct().Count() > 1 && Stretched(token, w)));

    /// <summary>"hiiii", "heyyy", "thanksss": a word with its letters held down.</summary>
    private static bool Stretched(string token, string word)
    {
        var squeezed = new string([.. token.Where((c, i) => i == 0 || c != token[i - 1])]);
        return squeezed == word;
    }
}
