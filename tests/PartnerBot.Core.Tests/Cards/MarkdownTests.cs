using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Tests.Support;

namespace PartnerBot.Core.Tests.Cards;

public class MarkdownTests
{
    /// <summary>Text people type (or Teams sends as a name) that a Markdown renderer would turn into something else.</summary>
    public static IReadOnlyList<string> Hostile { get; } =
    [
        "[Win a prize](https://evil.example) **now** ![x](https://evil.example/p.png) <at>PartnerBot</at> # Heading",
        "# Heading",
        "###### Small heading",
        "#Heading",
        "- item",
        "+ item",
        "* item",
        "1. first",
        "1) first",
        "2024. A year",
        "> quoted",
        "`code` and ``more``",
        "```",
        "~~~",
        "~~struck~~",
        "_italic_ and __bold__ and *italic* and ***both***",
        "***",
        "---",
        "===",
        "<b>bold</b> <script>alert(1)</script> <!-- hidden -->",
        "<https://evil.example> and <ana@evil.example>",
        "&amp; &#42; &#x2A; &copy;",
        "back\\slash\\ and \\*not emphasis\\*",
        "| a | b |",
        "{{DATE(2017-02-14T06:08:39Z, SHORT)}}",
        "[ref]: https://evil.example",
        "[x][ref]",
        "Title\n===",
        "Title\n---",
        "Line one\n# Heading\n- item\n1. one\n> quote\n    indented code\n\n***\n<at>PartnerBot</at>\n\n    code block after a blank line",
        "trailing spaces make a break  \nnext line",
    ];

    [Fact]
    public async Task Escape_RendersAsExactlyTheCharactersTyped()
    {
        var html = await CommonMark.RenderAsync(Hostile.Select(Markdown.Escape).ToList());

        foreach (var (literal, rendered) in Hostile.Zip(html))
        {
            Assert.DoesNotContain(CommonMark.FormattingTags, tag => rendered.Contains(tag, StringComparison.OrdinalIgnoreCase));
            Assert.StartsWith("<p>", rendered, StringComparison.Ordinal);
            // Markdown shows no spaces at the start or end of a line, so neither does the escaped text.
            var expected = string.Join('\n', literal.Split('\n').Select(l => l.Trim(' ', '\t')));
            Assert.Equal(expected, CommonMark.VisibleText(rendered));
        }
    }

    [Fact]
    public async Task Unescaped_TheSameTextWouldBecomeFormatting()
    {
        // The check above can fail: the same renderer makes links, headings and mentions of the raw text.
        var html = await CommonMark.RenderAsync(Hostile);

        Assert.Contains("<a href=\"https://evil.example\">", html[0], StringComparison.Ordinal);
        Assert.Contains("<img", html[0], StringComparison.Ordinal);
        Assert.Contains("<at>", html[0], StringComparison.Ordinal);
        Assert.Contains("<h1>", html[1], StringComparison.Ordinal);
        Assert.Contains("<ol", html[7], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("St. Mary's Library (Leeds), Smith & Sons")]
    [InlineData("4.0 of 5 from 2 raters · raters disagree")]
    [InlineData("#1 of 2 candidates")]
    [InlineData("Call back by 2026-12-01 - or earlier!")]
    [InlineData("C# club: 50% off, 3 > 2")]
    [InlineData("Ana Müller-Schmidt")]
    public void Escape_LeavesOrdinaryTextAsItIs(string text) => Assert.Equal(text, Markdown.Escape(text));

    [Fact]
    public void Escape_BlockSyntaxOnlyAtTheStartOfEachLine()
    {
        Assert.Equal("a - b # c > d\n\\- e\n\\# f\n\\> g\n1\\. h\n\\+ i\n\\==", Markdown.Escape("a - b # c > d\r\n- e\n  # f\n> g\n1. h\r+ i\n=="));
    }

    [Fact]
    public void TextBlockAndFact_EscapePlainStrings()
    {
        var card = new AdaptiveCard
        {
            Body =
            {
                new TextBlock("**Acme** [site](https://evil.example)"),
                new FactSet { Facts = { new Fact("_Contact_", "<at>Ana</at>") } },
            },
        }.ToJson();

        Assert.Equal("\\*\\*Acme\\*\\* \\[site\\](https://evil.example)", (string?)card["body"]![0]!["text"]);
        Assert.Equal("\\_Contact\\_", (string?)card["body"]![1]!["facts"]![0]!["title"]);
        Assert.Equal("\\<at>Ana\\</at>", (string?)card["body"]![1]!["facts"]![0]!["value"]);
    }

    [Fact]
    public void FromMarkdown_KeepsOurMarkdown_AndEscapesTheValues()
    {
        var name = "*Acme* [x](https://evil.example)";
        var text = CardText.FromMarkdown($"**{name}**: {3} of 5");

        Assert.Equal("**\\*Acme\\* \\[x\\](https://evil.example)**: 3 of 5", text.Source);
    }

    [Fact]
    public void Inputs_AreNotMarkdown_AndStayAsTyped()
    {
        var card = new AdaptiveCard
        {
            Body =
            {
                new TextInput { Id = "name", Label = "Name", Value = "**Acme** <at>x</at>" },
                new ChoiceSetInput { Id = "who", Choices = { new Choice("_Ana_", "u1") } },
            },
        }.ToJson();

        Assert.Equal("**Acme** <at>x</at>", (string?)card["body"]![0]!["value"]);
        Assert.Equal("_Ana_", (string?)card["body"]![1]!["choices"]![0]!["title"]);
    }
}
