using PartnerBot.Core.Conversations;
using PartnerBot.Core.Intents;

namespace PartnerBot.Core.Tests.Language;

public class RuleBasedIntentRecognizerTests
{
    private static readonly IReadOnlyList<BotCommand> Commands =
        new[] { "help", "needs", "add partner", "partners", "partner", "screen", "assess", "contact", "formalise", "portfolio", "my steps", "digest", "nudges", "settings", "export", "draft", "ideas", "cancel" }
            .Select(n => new BotCommand(n, n, CommandScopes.All))
            .ToList();

    private static readonly IReadOnlyDictionary<string, string> Partners = new Dictionary<string, string>
    {
        ["p1"] = "Science Museum",
        ["p2"] = "Aarhus University",
        ["p3"] = "City Council Digital Team",
        ["p4"] = "Green Roots Association",
        ["p5"] = "Københavns Kommune",
        ["p6"] = "Café / Bar #1?",
    };

    [Theory]
    [InlineData("I want to screen the science museum", "screen", "p1")]
    [InlineData("i want to SCREEN the Science MUSEUM", "screen", "p1")]
    [InlineData("scren the sciense musuem", "screen", "p1")]
    [InlineData("Screen Aarhus Univeristy please", "screen", "p2")]
    [InlineData("draft a proposal for the science museum", "draft", "p1")]
    [InlineData("drfat a propsal for Green Roots", "draft", "p4")]
    [InlineData("tell me about kobenhavns kommune", "partner", "p5")]
    [InlineData("Københavns Kommune", "partner", "p5")]
    [InlineData("screen café bar 1", "screen", "p6")]
    [InlineData("assess the city council digital team", "assess", "p3")]
    [InlineData("who is the contact person for Green Roots Association?", "contact", "p4")]
    [InlineData("formalize the agreement with the science museum", "formalise", "p1")]
    public void Recognize_CommandAndPartner_TolerantOfTyposAndCase(string text, string command, string partnerId)
    {
        var intent = RuleBasedIntentRecognizer.Recognize(text, Commands, Partners);

        Assert.Equal(command, intent.Command);
        Assert.Equal(partnerId, intent.Entities.GetValueOrDefault("partner"));
        Assert.InRange(intent.Confidence, 0.3, 1);
    }

    [Theory]
    [InlineData("what can you do", "help")]
    [InlineData("HELP", "help")]
    [InlineData("show the portfolio balance", "portfolio")]
    [InlineData("export everything to csv", "export")]
    [InlineData("any ideas who could help with the makerspace?", "ideas")]
    [InlineData("never mind", "cancel")]
    [InlineData("what are my next steps", "my steps")]
    [InlineData("snooze my reminders", "nudges")]
    [InlineData("change my time zone", "settings")]
    [InlineData("show me the weekly digest", "digest")]
    [InlineData("start a needs assessment", "needs")]
    [InlineData("list all partners", "partners")]
    public void Recognize_CommandWithoutPartner(string text, string command)
    {
        var intent = RuleBasedIntentRecognizer.Recognize(text, Commands, Partners);

        Assert.Equal(command, intent.Command);
        Assert.False(intent.Entities.ContainsKey("partner"));
    }

    [Theory]
    [InlineData("who hasn't been contacted in a month?", "30")]
    [InlineData("Who hasnt been contaced in 2 weeks", "14")]
    [InlineData("which partners have we not contacted for 90 days", "90")]
    [InlineData("partners gone quiet for three months", "90")]
    public void Recognize_QuietPartners_GivesPartnersAndDays(string text, string days)
    {
        var intent = RuleBasedIntentRecognizer.Recognize(text, Commands, Partners);

        Assert.Equal("partners", intent.Command);
        Assert.Equal(days, intent.Entities["days"]);
    }

    [Theory]
    [InlineData("add Roskilde Youth Services as a partner, they're a municipal department", "Roskilde Youth Services", "LocalGovernment", "Public")]
    [InlineData("ADD Tech4Good as a new partner - it's a nonprofit", "Tech4Good", "Nonprofit", "Civic")]
    [InlineData("add partner Kulturhuset Pavillonen, a cultural centre in the civic sector", "Kulturhuset Pavillonen", "CulturalInstitution", "Civic")]
    [InlineData("please add Nordic Robotics ApS to our partners. It's a company", "Nordic Robotics ApS", "PrivateCompany", "Market")]
    [InlineData("Add City Makers they’re a startup", "City Makers", "PrivateCompany", "Market")]
    [InlineData("add \"Lise Hansen\" as a candidate, she's an illustrator and writer", "Lise Hansen", "Individual", null)]
    public void Recognize_AddPartner_GivesNameTypeAndSector(string text, string name, string type, string? sector)
    {
        var intent = RuleBasedIntentRecognizer.Recognize(text, Commands, Partners);

        Assert.Equal("add partner", intent.Command);
        Assert.Equal(name, intent.Entities["partnerName"]);
        Assert.Equal(type, intent.Entities["partnerType"]);
        Assert.Equal(sector, intent.Entities.GetValueOrDefault("sector"));
        Assert.False(intent.Entities.ContainsKey("partner"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("blah blah")]
    [InlineData("the weather is nice")]
    [InlineData("ad")]
    public void Recognize_Nothing_GivesNone(string text)
    {
        var intent = RuleBasedIntentRecognizer.Recognize(text, Commands, Partners);

        Assert.Null(intent.Command);
        Assert.Empty(intent.Entities);
    }

    [Fact]
    public void Recognize_OnlyOffersCommandsInTheList()
    {
        var onlyHelp = new[] { new BotCommand("help", "help", CommandScopes.All) };

        var intent = RuleBasedIntentRecognizer.Recognize("screen the science museum", onlyHelp, Partners);

        Assert.Null(intent.Command);
    }

    [Fact]
    public void Recognize_NewCommandNotInTable_MatchesByItsName()
    {
        var commands = Commands.Append(new BotCommand("volunteers", "volunteers", CommandScopes.All)).ToList();

        var intent = RuleBasedIntentRecognizer.Recognize("show me the voluntiers", commands, Partners);

        Assert.Equal("volunteers", intent.Command);
    }

    [Fact]
    public void Recognize_ExistingPartner_TypeIsNotReadFromItsName()
    {
        var intent = RuleBasedIntentRecognizer.Recognize("screen the science museum", Commands, Partners);

        Assert.False(intent.Entities.ContainsKey("partnerType"));
    }

    [Fact]
    public void Recognize_ManyPartners_StillFindsTheRightOne()
    {
        var many = Enumerable.Range(0, 500).ToDictionary(i => "id" + i, i => $"Partner Organisation Number {i}");
        many["museum"] = "Science Museum";

        var intent = RuleBasedIntentRecognizer.Recognize("screen partner organisation number 417", Commands, many);

        Assert.Equal("id417", intent.Entities["partner"]);
    }

    [Fact]
    public void Recognize_SimilarButDifferentPartner_IsNotMatched()
    {
        var intent = RuleBasedIntentRecognizer.Recognize("screen the history museum", Commands, Partners);

        Assert.Equal("screen", intent.Command);
        Assert.False(intent.Entities.ContainsKey("partner"));
    }
}
