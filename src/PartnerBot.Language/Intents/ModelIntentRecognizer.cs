using Microsoft.Extensions.Logging;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Partners;
using PartnerBot.Language.Model;

namespace PartnerBot.Language.Intents;

/// <summary>Asks the model first; an unusable answer, a timeout or a failure falls back to the routing table.</summary>
public sealed class ModelIntentRecognizer(LanguageModel model, RuleBasedIntentRecognizer fallback, ILogger<ModelIntentRecognizer> logger) : IIntentRecognizer
{
    private const string Purpose = "intent";

    /// <summary>Bounds the prompt: a big pipeline is matched by the default's fuzzy matcher instead.</summary>
    public const int MaxPartnersInPrompt = 300;

    public static string Instructions(IReadOnlyList<BotCommand> commands) =>
        "You route messages typed to PartnerBot, a Teams bot that helps public-library staff manage community partnerships. " +
        PromptData.Rule + " " +
        "Answer with one JSON object and nothing else: " +
        "{\"command\": one of the command names in the \"commands\" block, or null if none fits, " +
        "\"entities\": {\"partner\": the id of a partner from the \"partners\" block the message refers to (allow for typos), " +
        "\"partnerName\": the name of a new partner being added, " +
        $"\"partnerType\": one of {string.Join(", ", Enum.GetNames<PartnerType>())}, " +
        $"\"sector\": one of {string.Join(", ", Enum.GetNames<Sector>())}, " +
        "\"days\": a whole number of days for a period such as 'in a month' (30)}, " +
        "\"confidence\": a number from 0 to 1}. Leave out entities the message does not mention.";

    public async Task<Intent> RecognizeAsync(string text, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || partnerNames.Count > MaxPartnersInPrompt)
        {
            return await fallback.RecognizeAsync(text, commands, partnerNames, cancellationToken).ConfigureAwait(false);
        }

        var data = PromptData.Blocks(
            ("commands", commands.Select(c => new { name = c.Name, description = c.Description })),
            ("partners", partnerNames.Select(p => new { id = p.Key, name = p.Value })),
            ("message", text));
        var answer = await model.CompleteAsync(Purpose, Instructions(commands), data, cancellationToken).ConfigureAwait(false);
        if (answer is not null)
        {
            // A model that finds no command gets a second opinion from the routing table before the person is told "I did not understand".
            if (IntentAnswer.TryParse(answer, commands, partnerNames, out var intent, out var reason))
            {
                return intent.Command is not null ? intent : RuleBasedIntentRecognizer.Recognize(text, commands, partnerNames);
            }

            LanguageModel.LogRejected(logger, Purpose, reason);
        }

        return await fallback.RecognizeAsync(text, commands, partnerNames, cancellationToken).ConfigureAwait(false);
    }
}
