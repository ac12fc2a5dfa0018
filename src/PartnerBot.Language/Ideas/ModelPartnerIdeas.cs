using System.Text.Json;
using Microsoft.Extensions.Logging;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Language.Model;

namespace PartnerBot.Language.Ideas;

/// <summary>Model-suggested partner types for a need; the seed-based rule table when the model cannot help.</summary>
public sealed class ModelPartnerIdeas(LanguageModel model, RuleBasedPartnerIdeas fallback, ILogger<ModelPartnerIdeas> logger) : IPartnerIdeas
{
    private const string Purpose = "partner ideas";

    public const int MaxTextLength = 300;

    public static readonly string Instructions =
        "You suggest which kinds of partner a public library could approach to cover one of its needs. " +
        PromptData.Rule + " " +
        "Answer with one JSON object and nothing else: {\"ideas\": [{\"type\": one of " + string.Join(", ", Enum.GetNames<PartnerType>()) +
        ", \"examples\": a short phrase naming concrete kinds of organisation or person, \"reason\": one sentence on why they could cover the need, " +
        "\"caution\": one sentence on what to watch for, or null}]} with one to four ideas of different types. " +
        "For commercial partners, the caution must mention protecting the library's values and avoiding a monopoly by having several partners.";

    public async Task<IReadOnlyList<PartnerIdea>> SuggestAsync(Need need, CancellationToken cancellationToken)
    {
        var data = PromptData.Block("need", new { kind = need.Kind.ToString(), description = need.Description, priority = need.Priority.ToString() });
        var answer = await model.CompleteAsync(Purpose, Instructions, data, cancellationToken).ConfigureAwait(false);
        if (answer is not null)
        {
            var ideas = Parse(answer);
            if (ideas.Count > 0)
            {
                return ideas;
            }

            LanguageModel.LogRejected(logger, Purpose, "no valid idea");
        }

        return await fallback.SuggestAsync(need, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The valid ideas in the answer; an idea with an unknown type or an empty or long text is dropped.</summary>
    public static IReadOnlyList<PartnerIdea> Parse(string answer)
    {
        var json = PromptData.ExtractJsonObject(answer);
        if (json is null)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("ideas", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var ideas = new List<PartnerIdea>();
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && Read(item) is { } idea)
                {
                    ideas.Add(idea);
                }
            }

            return ideas.DistinctBy(i => i.Type).Take(RuleBasedPartnerIdeas.MaxIdeas).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static PartnerIdea? Read(JsonElement item)
    {
        var typeName = Text(item, "type");
        var type = Enum.GetNames<PartnerType>().FirstOrDefault(n => string.Equals(n, typeName, StringComparison.OrdinalIgnoreCase));
        var examples = Text(item, "examples");
        var reason = Text(item, "reason");
        if (type is null || examples is null || reason is null)
        {
            return null;
        }

        var partnerType = Enum.Parse<PartnerType>(type);
        var caution = Text(item, "caution");
        // Seed 003's warning about commercial partners is not left to the model's memory.
        if (partnerType == PartnerType.PrivateCompany)
        {
            caution = PartnerIdeaRules.CommercialCaution;
        }

        return new PartnerIdea(partnerType, examples, reason, caution);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()?.Trim() is { Length: > 0 and <= MaxTextLength } text && !text.Any(char.IsControl)
            ? text
            : null;
}
