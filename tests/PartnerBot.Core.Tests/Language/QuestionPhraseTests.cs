using PartnerBot.Core.Conversations;
using PartnerBot.Core.Intents;

namespace PartnerBot.Core.Tests.Language;

/// <summary>The everyday questions, several wordings each, typos included, against every command the bot has.</summary>
public class QuestionPhraseTests
{
    private static readonly IReadOnlyList<BotCommand> Commands = BotCommands.Menu;

    private static readonly IReadOnlyDictionary<string, string> Partners = new Dictionary<string, string>
    {
        ["p1"] = "Science Museum",
        ["p2"] = "Riverside University",
        ["p3"] = "City Council Digital Team",
        ["p4"] = "Green Roots Association",
        ["p5"] = "Natural History Museum",
    };

    private static Intent Recognize(string text) => RuleBasedIntentRecognizer.Recognize(text, Commands, Partners);

    [Theory]
    [InlineData("hi")]
    [InlineData("Hello!")]
    [InlineData("hey there")]
    [InlineData("good morning")]
    [InlineData("helo")]
    [InlineData("hiii PartnerBot")]
    [InlineData("how are you")]
    public void SmallTalk_Greetings(string text) => Assert.Equal(SmallTalkKind.Greeting, SmallTalk.Recognize(text));

    [Theory]
    [InlineData("thanks")]
    [InlineData("Thank you so much!")]
    [InlineData("thx")]
    [InlineData("cheers")]
    [InlineData("thnaks a lot")]
    [InlineData("ok thanks")]
    public void SmallTalk_Thanks(string text) => Assert.Equal(SmallTalkKind.Thanks, SmallTalk.Recognize(text));

    [Theory]
    [InlineData("hi, screen the science museum")]
    [InlineData("thanks for adding the museum")]
    [InlineData("history")]
    [InlineData("")]
    public void SmallTalk_WithARequest_IsNotSmallTalk(string text) => Assert.Equal(SmallTalkKind.None, SmallTalk.Recognize(text));

    [Theory]
    [InlineData("what's on my plate this week?")]
    [InlineData("whats on my plate")]
    [InlineData("what is due this week")]
    [InlineData("wat's due this wek")]
    [InlineData("anything coming up for me?")]
    public void ThisWeek(string text) => Assert.Equal("this week", Recognize(text).Command);

    [Theory]
    [InlineData("who haven't we talked to in a month?", "30")]
    [InlineData("who havent we talked to in 2 weeks", "14")]
    [InlineData("which partners haven't we spoken to for 90 days", "90")]
    [InlineData("partners we lost touch with in three months", "90")]
    [InlineData("who hasn't been contacted in a week", "7")]
    [InlineData("which partners are stale", "30")]
    [InlineData("which partners are stael?", "30")]
    [InlineData("who have we not talked to", "30")]
    public void QuietPartners_ListOnlyTheQuietOnes(string text, string days)
    {
        var intent = Recognize(text);

        Assert.Equal("partners", intent.Command);
        Assert.Equal(days, intent.Entities["days"]);
    }

    [Fact]
    public void ListingPartners_IsNotAQuietQuestion() => Assert.False(Recognize("list all partners").Entities.ContainsKey("days"));

    [Theory]
    [InlineData("show me the university", "p2")]
    [InlineData("open the university", "p2")]
    [InlineData("show me riverside univeristy", "p2")]
    [InlineData("the univ", "p2")]
    [InlineData("show me green roots", "p4")]
    [InlineData("open Science Museum", "p1")]
    public void ShowPartner_ByNameOrOneDistinctiveWord(string text, string partnerId)
    {
        var intent = Recognize(text);

        Assert.Equal("partner", intent.Command);
        Assert.Equal(partnerId, intent.Entities["partner"]);
    }

    [Fact]
    public void ShowPartner_WordTwoPartnersShare_GoesOnAsANameSoTheLookupAsksWhichOne()
    {
        var intent = Recognize("show me the museum");

        Assert.Equal("partner", intent.Command);
        Assert.False(intent.Entities.ContainsKey("partner"));
        Assert.Equal("museum", intent.Entities["partnerName"]);
    }

    [Theory]
    [InlineData("screen the univ", "screen", "p2")]
    [InlineData("screen the university", "screen", "p2")]
    [InlineData("assess the universty", "assess", "p2")]
    public void CommandWithOneDistinctiveWordOfAName(string text, string command, string partnerId)
    {
        var intent = Recognize(text);

        Assert.Equal(command, intent.Command);
        Assert.Equal(partnerId, intent.Entities["partner"]);
    }

    [Theory]
    [InlineData("which partners cover digital skills", "digital skills")]
    [InlineData("who covers the makerspace?", "makerspace")]
    [InlineData("Which partners cvoer volunteers", "volunteers")]
    [InlineData("partners covering 3d printers", "3d printers")]
    public void Covers_KeepsTheNeedAsTopic(string text, string topic)
    {
        var intent = Recognize(text);

        Assert.Equal("covers", intent.Command);
        Assert.Equal(topic, intent.Entities["topic"]);
        Assert.Empty(intent.Unused);
    }

    [Theory]
    [InlineData("who is the contact for Green Roots?", "p4")]
    [InlineData("who's the contact for the science museum", "p1")]
    [InlineData("who is responsible for riverside university", "p2")]
    [InlineData("who is the contact person for Green Roots Association?", "p4")]
    [InlineData("whos teh contact for green roots", "p4")]
    public void ContactFor(string text, string partnerId)
    {
        var intent = Recognize(text);

        Assert.Equal("contact for", intent.Command);
        Assert.Equal(partnerId, intent.Entities["partner"]);
    }

    [Theory]
    [InlineData("what's overdue?")]
    [InlineData("what is overdue")]
    [InlineData("anything ovrdue")]
    [InlineData("which steps are past due")]
    public void Overdue(string text) => Assert.Equal("overdue", Recognize(text).Command);

    [Theory]
    [InlineData("how is the science museum doing?", "p1")]
    [InlineData("how's Green Roots doing", "p4")]
    [InlineData("how are things with riverside university", "p2")]
    [InlineData("how is the univ doing", "p2")]
    public void HowIs(string text, string partnerId)
    {
        var intent = Recognize(text);

        Assert.Equal("how is", intent.Command);
        Assert.Equal(partnerId, intent.Entities["partner"]);
    }

    [Theory]
    [InlineData("which needs have no partner?")]
    [InlineData("which needs have no partner yet")]
    [InlineData("uncovered needs")]
    [InlineData("anything uncovered?")]
    [InlineData("needs without a partner")]
    [InlineData("wich neds have no partner")]
    public void Gaps(string text) => Assert.Equal("gaps", Recognize(text).Command);

    [Theory]
    [InlineData("what changed this week?")]
    [InlineData("what has changed")]
    [InlineData("what chnaged this week")]
    [InlineData("any recent changes")]
    public void Changes(string text) => Assert.Equal("changes", Recognize(text).Command);

    [Theory]
    [InlineData("screen the science museum for the grant application", "screen", "grant application")]
    [InlineData("show me the university for the budget meeting", "partner", "budget meeting")]
    [InlineData("what's overdue for the gala", "overdue", "gala")]
    public void PartlyUnderstood_SaysWhichWordsWereNotUsed(string text, string command, string unused)
    {
        var intent = Recognize(text);

        Assert.Equal(command, intent.Command);
        Assert.Equal(unused, string.Join(' ', intent.Unused));
    }

    [Theory]
    [InlineData("I want to screen the science museum")]
    [InlineData("drfat a propsal for Green Roots")]
    [InlineData("who hasn't been contacted in a month?")]
    [InlineData("add Roskilde Youth Services as a partner, they're a municipal department")]
    [InlineData("what's on my plate this week?")]
    public void FullyUnderstood_LeavesNothingUnused(string text) => Assert.Empty(Recognize(text).Unused);

    [Fact]
    public void Suggest_PartialWords_RankTheLikelyCommandsFirst()
    {
        var suggested = RuleBasedIntentRecognizer.Suggest("scr the thing", Commands);

        Assert.Equal("screen", suggested[0]);
    }

    [Fact]
    public void Suggest_Nonsense_SuggestsNothing() => Assert.Empty(RuleBasedIntentRecognizer.Suggest("qwzx blorp", Commands));
}
