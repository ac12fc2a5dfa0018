using PartnerBot.Core.Conversations;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Tests.Support;

namespace PartnerBot.Core.Tests.Conversations;

/// <summary>A hello right after the welcome is answered in words: the welcome above already has the same buttons.</summary>
public class GreetingAfterWelcomeTests
{
    [Fact]
    public async Task Hello_RightAfterTheWelcome_IsOneLineWithoutASecondCard_LaterItIsTheCardAgain()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var ana = bot.Talk("t-greet", "u1", "Ana Berg");
        var welcome = await bot.Engine.OnInstalledAsync(ana.User, null, default);
        Assert.Contains("Welcome, Ana Berg", Transcript.TextOf(Assert.Single(welcome)), StringComparison.Ordinal);

        bot.Time.Advance(TimeSpan.FromMinutes(2));
        var hello = await ana.SayAsync("hello");

        var text = Assert.IsType<TextReply>(Assert.Single(hello));
        Assert.StartsWith("Hello, Ana!", text.Text, StringComparison.Ordinal);
        Assert.Contains("'help'", text.Text, StringComparison.Ordinal);

        bot.Time.Advance(ConversationEngine.WelcomeWindow);
        var later = await ana.SayAsync("hello");
        Assert.IsType<CardReply>(Assert.Single(later));
        Assert.Contains("Hello, Ana!", ana.Text, StringComparison.Ordinal);

        // Someone whose very first turn is a hello has had no welcome: they get the card with its buttons.
        var ben = bot.Talk("t-greet", "u2", "Ben");
        Assert.IsType<CardReply>(Assert.Single(await ben.SayAsync("hello")));
        Assert.Contains("Hello, Ben!", ben.Text, StringComparison.Ordinal);
    }
}
