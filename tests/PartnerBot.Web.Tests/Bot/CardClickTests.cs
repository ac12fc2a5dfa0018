using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Web.Bot;

namespace PartnerBot.Web.Tests.Bot;

/// <summary>What a click does to the card clicked, as a table of cases.</summary>
public sealed class CardClickTests
{
    private static readonly AdaptiveCard First = new() { Body = { new TextBlock("first") } };
    private static readonly AdaptiveCard Second = new() { Body = { new TextBlock("second") } };

    public static TheoryData<string, string, bool, string, int, bool> Cases => new()
    {
        // case, action, group, replacement ("-" none, "first", "text"), messages, update for everyone
        { "navigation", CardActions.Command, false, "-", 2, false },
        { "navigation in a group", CardActions.Command, true, "-", 2, false },
        { "form with cards", "partner.save", false, "first", 2, false },
        { "form with cards in a group", "partner.save", true, "first", 2, true },
        { "form with text only", "contact.save", false, "text", 0, false },
        { "cancel in a group", CardActions.Cancel, true, "text", 0, true },
        { "refusal", "step.done", false, "-", 1, false },
        { "refusal in a group", "step.done", true, "-", 1, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decide_FollowsTheRules(string name, string action, bool group, string replacement, int messages, bool everyone)
    {
        IReadOnlyList<BotReply> replies = name.StartsWith("refusal", StringComparison.Ordinal) ? [BotReply.Refuse("Already closed.")]
            : name.Contains("text", StringComparison.Ordinal) || name.StartsWith("cancel", StringComparison.Ordinal) ? [BotReply.Say("Saved."), BotReply.Say("Next: log a contact.")]
            : [BotReply.Say("Saved."), BotReply.Show(First), BotReply.Show(Second)];
        if (name.StartsWith("navigation", StringComparison.Ordinal))
        {
            replies = [BotReply.Say("Here they are."), BotReply.Show(First)];
        }

        var click = CardClick.Decide(action, replies, group);

        Assert.Equal(messages, click.Messages.Count);
        Assert.Equal(everyone, click.UpdateForEveryone);
        switch (replacement)
        {
            case "-":
                Assert.Null(click.Replacement);
                break;
            case "first":
                Assert.Same(First, click.Replacement);
                Assert.DoesNotContain(click.Messages, r => r is CardReply c && ReferenceEquals(c.Card, First));
                break;
            default:
                var text = string.Join('\n', click.Replacement!.Body.OfType<TextBlock>().Select(b => b.Text.Source));
                Assert.Contains("Saved.", text, StringComparison.Ordinal);
                Assert.Contains("Next: log a contact.", text, StringComparison.Ordinal);
                break;
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OpenButton_LeavesTheCard_AndTheOpenedFormArrivesAsANewMessage(bool group)
    {
        var click = CardClick.Decide("contact.edit-open", [BotReply.Show(First)], group, opens: true);

        Assert.Null(click.Replacement);
        Assert.False(click.UpdateForEveryone);
        Assert.Same(First, Assert.IsType<CardReply>(Assert.Single(click.Messages)).Card);
        Assert.Equal(CardClick.SeeBelow, click.Note);
    }

    [Fact]
    public void OpenButton_ThatIsRefused_SaysWhy()
    {
        var click = CardClick.Decide("health.edit-open", [BotReply.Refuse("Only the person who sent this health check can edit it.")], isGroup: true, opens: true);

        Assert.Null(click.Replacement);
        Assert.False(click.UpdateForEveryone);
        Assert.Equal("Only the person who sent this health check can edit it.", click.Note);
        Assert.Single(click.Messages);
    }

    [Fact]
    public void Refusal_IsTheResponseText()
    {
        var click = CardClick.Decide("step.done", [BotReply.Refuse("This next step is already closed.")], isGroup: true);

        Assert.Equal("This next step is already closed.", click.Note);
    }
}
