using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class QuietPartnersTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-quiet");

    [Fact]
    public async Task WhoHasNotBeenContactedInAMonth_ListsOnlyPartnersWithoutRecentContact()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var t = bot.Talk(Ws.TenantId, "u1", "Ana");
        await t.AddPartnerAsync("Science Museum");
        await t.AddPartnerAsync("Youth Services");
        var partners = await ((IPartnerStore)bot.Stores).ListAsync(Ws, default);
        var museum = partners.Single(p => p.Name == "Science Museum");
        await ((IPartnerHistoryStore)bot.Stores).SaveInteractionAsync(Ws, new Interaction
        {
            Id = "i1",
            PartnerId = museum.Id,
            UserId = "u1",
            Summary = "Coffee with the education lead",
            OccurredAt = bot.Time.GetUtcNow().AddDays(-10),
        }, default);

        await t.SayAsync("who hasn't been contacted in a month?");

        Assert.Contains("No contact logged in the last 30 days (1)", t.Text, StringComparison.Ordinal);
        Assert.Contains("Youth Services", t.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Science Museum", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuietQuestion_WhenEveryoneWasContacted_SaysSo()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        var t = bot.Talk(Ws.TenantId, "u2", "Ben");
        await t.AddPartnerAsync("City Archive");
        var archive = Assert.Single(await ((IPartnerStore)bot.Stores).ListAsync(Ws, default), p => p.Name == "City Archive");
        await ((IPartnerHistoryStore)bot.Stores).SaveInteractionAsync(Ws, new Interaction
        {
            Id = "i2",
            PartnerId = archive.Id,
            UserId = "u2",
            Summary = "Call",
            OccurredAt = bot.Time.GetUtcNow().AddDays(-2),
        }, default);

        await t.SayAsync("who hasn't been contacted in a week?");

        Assert.Contains("Every partner in play has had contact logged in the last 7 days", t.Text, StringComparison.Ordinal);
    }
}
