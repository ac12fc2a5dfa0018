namespace PartnerBot.Core.Intents;

/// <summary>
/// The words and phrases people use for each command. A phrase matches when all its words appear in
/// the text in order, typos allowed. Commands not listed here still match their own name, so a command
/// added later is understood by its name until someone adds synonyms.
/// </summary>
public static class RoutingTable
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Synonyms { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["help"] = ["help", "what can you do", "how do i", "commands", "how does this work"],
        ["needs"] = ["needs", "needs assessment", "what do we need", "our needs", "why partners"],
        ["add partner"] = ["add partner", "new partner", "add", "register partner", "add candidate", "new candidate"],
        ["partners"] = ["partners", "pipeline", "list partners", "all partners", "candidates", "not contacted", "hasnt contacted", "havent contacted", "not heard", "gone quiet", "not been in touch"],
        ["partner"] = ["partner", "details", "tell me about", "status of"],
        ["screen"] = ["screen", "screening", "rate", "preliminary", "first look"],
        ["assess"] = ["assess", "detailed assessment", "evaluate", "assessment of"],
        ["contact"] = ["contact person", "assign", "contact point", "who is responsible", "responsible for"],
        ["formalise"] = ["formalise", "formalize", "formalisation", "agreement", "contract", "memorandum", "roles and responsibilities"],
        ["portfolio"] = ["portfolio", "balance", "concentration", "coverage", "spread", "monopoly"],
        ["my steps"] = ["my steps", "next steps", "my tasks", "to do", "todo", "whats next", "what is due", "overdue"],
        ["digest"] = ["digest", "weekly summary", "summary", "report", "what moved", "what happened this week"],
        ["nudges"] = ["nudges", "reminders", "snooze", "quiet hours", "vacation", "holiday", "mute"],
        ["settings"] = ["settings", "time zone", "timezone", "preferences", "quiet hours", "vacation"],
        ["export"] = ["export", "download", "csv", "spreadsheet", "excel"],
        ["draft"] = ["draft", "proposition", "proposal", "write to", "letter to", "email to", "pitch"],
        ["ideas"] = ["ideas", "suggest", "suggestions", "who could help", "who should we ask", "what kind of partner", "uncovered", "find partners", "look for partners"],
        ["resume"] = ["resume", "continue", "carry on", "where was i", "pick up"],
        ["needs summary"] = ["needs summary", "show needs", "our needs so far", "which needs"],
        ["ranking"] = ["ranking", "ranked", "prioritised list", "prioritized list", "priorities", "best candidates", "top candidates"],
        ["stage"] = ["stage", "move to", "mark as", "set stage", "change stage"],
        ["role"] = ["role", "make admin", "make manager", "give role", "permissions"],
        ["members"] = ["members", "who is in", "team members", "staff list", "colleagues"],
        ["cancel"] = ["cancel", "stop", "never mind", "nevermind", "quit", "abort", "forget it"],
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
