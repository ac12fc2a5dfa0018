namespace PartnerBot.Core.Intents;

/// <summary>
/// The words and phrases people use for each command. A phrase matches when all its words appear in
/// the text in order, typos allowed. Commands not listed here still match their own name, so a command
/// added later is understood by its name until someone adds synonyms.
/// </summary>
public static class RoutingTable
{
    /// <summary>
    /// Questions about partners nobody has been in touch with lately. They list partners, but only the quiet ones: a
    /// question without a period ("which partners are stale") asks about <see cref="DefaultQuietDays"/>.
    /// </summary>
    public static IReadOnlyList<string> QuietPhrases { get; } =
    [
        "not contacted", "hasnt contacted", "havent contacted", "hasnt been contacted", "not heard", "havent heard", "gone quiet", "quiet",
        "not been in touch", "lost touch", "stale", "talked to", "havent talked", "not talked", "spoken to", "not spoken", "no contact",
    ];

    /// <summary>The period a quiet-partners question without one is about: the nudge rules' "a month".</summary>
    public const int DefaultQuietDays = 30;

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Synonyms { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["help"] = ["help", "what can you do", "how do i", "commands", "how does this work"],
        ["needs"] = ["needs", "needs assessment", "what do we need", "our needs", "why partners"],
        ["add partner"] = ["add partner", "new partner", "add", "register partner", "add candidate", "new candidate"],
        ["partners"] = ["partners", "pipeline", "list partners", "all partners", "candidates", .. QuietPhrases],
        ["partner"] = ["partner", "details", "tell me about", "status of", "show me partner", "open partner"],
        ["screen"] = ["screen", "screening", "rate", "preliminary", "first look"],
        ["assess"] = ["assess", "detailed assessment", "evaluate", "assessment of"],
        ["contact"] = ["contact person", "assign", "contact point", "name a contact", "assign a contact"],
        ["formalise"] = ["formalise", "formalize", "formalisation", "agreement", "contract", "memorandum", "roles and responsibilities"],
        ["portfolio"] = ["portfolio", "balance", "concentration", "coverage", "spread", "monopoly"],
        ["my steps"] = ["my steps", "next steps", "my tasks", "to do", "todo", "whats next"],
        ["digest"] = ["digest", "weekly summary", "summary", "report", "what moved", "what happened this week"],
        ["this week"] = ["this week", "on my plate", "whats on my plate", "due this week", "what is due", "whats due", "due soon", "my week", "coming up"],
        ["overdue"] = ["overdue", "whats overdue", "what is overdue", "past due", "late steps", "behind on"],
        ["contact for"] = ["contact for", "who is the contact", "whos the contact", "who is contact", "who is responsible", "responsible for", "who looks after", "who handles", "who is our contact"],
        ["how is"] = ["how is", "how are", "how is it going with", "how are things with", "doing", "health of", "how healthy"],
        ["covers"] = ["covers", "cover", "covering", "partners covering", "which partners cover", "partners cover", "who covers", "who can cover", "partners for need"],
        ["gaps"] = ["gaps", "uncovered", "needs have no partner", "needs without partner", "needs without a partner", "needs with no partner", "uncovered needs", "not covered", "needs nobody covers", "unmet needs"],
        ["changes"] = ["changes", "changed", "what changed", "changed this week", "what has changed", "whats new", "what is new", "recent changes"],
        ["nudges"] = ["nudges", "reminders", "snooze", "quiet hours", "vacation", "holiday", "mute"],
        ["settings"] = ["settings", "time zone", "timezone", "preferences", "quiet hours", "vacation"],
        ["export"] = ["export", "download", "csv", "spreadsheet", "excel"],
        ["draft"] = ["draft", "proposition", "proposal", "write to", "letter to", "email to", "pitch"],
        ["ideas"] = ["ideas", "suggest", "suggestions", "who could help", "who should we ask", "what kind of partner", "find partners", "look for partners"],
        ["resume"] = ["resume", "continue", "carry on", "where was i", "pick up"],
        ["needs summary"] = ["needs summary", "show needs", "our needs so far", "which needs"],
        ["ranking"] = ["ranking", "ranked", "prioritised list", "prioritized list", "priorities", "best candidates", "top candidates"],
        ["stage"] = ["stage", "move to", "mark as", "set stage", "change stage"],
        ["role"] = ["role", "make admin", "make manager", "give role", "permissions"],
        ["members"] = ["members", "who is in", "team members", "staff list", "colleagues"],
        ["cancel"] = ["cancel", "stop", "never mind", "nevermind", "quit", "abort", "forget it"],
    };

    /// <summary>
    /// Words that carry no meaning of their own in a request ("can you please show me the…"): they are never reported
    /// as words the bot did not use.
    /// </summary>
    public static IReadOnlySet<string> Filler { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "the", "please", "pls", "can", "could", "would", "will", "you", "i", "im", "id", "we", "us", "our", "my", "me", "mine",
        "to", "for", "of", "in", "on", "at", "with", "about", "and", "or", "is", "are", "was", "were", "be", "been", "being", "do", "does",
        "did", "have", "has", "had", "havent", "hasnt", "dont", "doesnt", "not", "no", "which", "who", "whom", "what", "whats", "when",
        "where", "how", "hows", "whos", "that", "this", "these", "those", "there", "it", "its", "any", "some", "all", "every", "everything",
        "want", "like", "let", "lets", "show", "open", "see", "list", "give", "get", "tell", "find", "look", "make", "start", "change",
        "set", "new", "up", "so", "just", "now", "today", "right", "ok", "okay", "hey", "hi", "hello", "thanks", "partnerbot", "bot",
        "them", "they", "their", "one", "ones", "yet", "still", "again", "also", "then", "if", "by", "from", "into", "out", "over",
        "last", "past", "next", "ago", "since", "within", "week", "weeks", "month", "months", "day", "days", "year", "years", "doing",
    };

    /// <summary>The phrases for one command: the table's entries, or else the command's own name.</summary>
    public static IReadOnlyList<string> PhrasesFor(string commandName)
    {
        var phrases = new List<string> { commandName };
        // "nudges/settings" style names: each part is a phrase of its own.
        foreach (var part in commandName.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            phrases.Add(part);
            if (Synonyms.TryGetValue(part, out var synonyms))
            {
                phrases.AddRange(synonyms);
            }
        }

        return phrases.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
