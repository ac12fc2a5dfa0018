using PartnerBot.Core.Cards.Screening;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Tests.FollowThrough;
using PartnerBot.Core.Tests.Support;

namespace PartnerBot.Core.Tests.Cards;

public sealed class RankingCardTests
{
    [Fact]
    public async Task Lines_RenderedAsMarkdown_ShowEachRealRank_NotAListRestartingAtOne()
    {
        var ranking = new[] { "a", "b", "c" }
            .Select((id, i) => new RankedPartner(i + 1, Seed.Partner(id, PartnerStage.Identified), 4.5 - i))
            .ToList();
        var texts = CommonMark.MarkdownFields(RankingCard.Build(ranking, highlightPartnerId: null).ToJson()).ToList();

        var shown = (await CommonMark.RenderAsync(texts)).Select(CommonMark.VisibleText).Where(t => t.Contains("Partner ", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, shown.Count);
        Assert.StartsWith("1. Partner a", shown[0], StringComparison.Ordinal);
        Assert.StartsWith("2. Partner b", shown[1], StringComparison.Ordinal);
        Assert.StartsWith("3. Partner c", shown[2], StringComparison.Ordinal);
    }
}
