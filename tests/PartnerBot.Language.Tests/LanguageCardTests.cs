using System.Text.Json.Nodes;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Propositions;
using PartnerBot.Testing;

namespace PartnerBot.Language.Tests;

public class LanguageCardTests
{
    [Fact]
    public async Task DraftAndIdeasCards_PassTheOfficialParser()
    {
        var need = new Need { Id = "n1", Kind = NeedKind.Financial, Description = "Money for two years", Priority = NeedPriority.High };
        var cards = new Dictionary<string, JsonObject>
        {
            ["draft (template)"] = DraftCard.Build("Science Museum", new Draft("Dear Science Museum,\n\nHello.", FromModel: false), ["Runs family workshops"]).ToJson(),
            ["draft (model, no notes)"] = DraftCard.Build("Café / Bar #1?", new Draft("Dear Café,", FromModel: true), []).ToJson(),
            ["ideas"] = IdeasCard.Build([(need, RuleBasedPartnerIdeas.Suggest(need))], uncoveredTotal: 3).ToJson(),
        };

        await AdaptiveCardValidator.AssertValidAsync(cards);
    }
}
