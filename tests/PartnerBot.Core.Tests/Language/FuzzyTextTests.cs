using PartnerBot.Core.Intents;

namespace PartnerBot.Core.Tests.Language;

public class FuzzyTextTests
{
    [Theory]
    [InlineData("screen", "screen", 0)]
    [InlineData("scren", "screen", 1)]
    [InlineData("sceren", "screen", 1)]
    [InlineData("museum", "musuem", 1)]
    [InlineData("drfat", "draft", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_CountsEditsAndSwaps(string a, string b, int expected) =>
        Assert.Equal(expected, FuzzyText.Distance(a, b));

    [Theory]
    [InlineData("add", "add", 1.0)]
    [InlineData("ad", "add", 0.0)]
    [InlineData("scren", "screen", 0.8)]
    [InlineData("portfolo", "portfolio", 0.8)]
    [InlineData("screen", "assess", 0.0)]
    public void WordScore_AllowsTyposOnlyInLongerWords(string typed, string known, double expected) =>
        Assert.Equal(expected, FuzzyText.WordScore(typed, known));

    [Theory]
    [InlineData("Hasn't", new[] { "hasnt" })]
    [InlineData("Café / Bar #1?", new[] { "café", "bar", "1" })]
    [InlineData("SCIENCE  Museum!", new[] { "science", "museum" })]
    public void Tokens_LowerCaseWithoutPunctuation(string text, string[] expected) =>
        Assert.Equal(expected, TextNormalizer.Tokens(text));
}
