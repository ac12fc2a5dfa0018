using System.Text.Json.Nodes;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Bot;

public sealed class HostCardsTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    /// <summary>The cards exactly as the host sends them, not as a builder returns them.</summary>
    [Fact]
    public async Task EveryCardTheHostSends_PassesTheAdaptiveCardsParser()
    {
        var t = app.Factory.Transcript(user: "Ada");
        await t.SendInstall();
        var welcome = t.AssertReplyCard();
        await t.Send("help");
        var help = t.AssertReplyCard();
        await t.Send("something it does not know");
        var notUnderstood = t.AssertReplyCard();

        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject>
        {
            ["welcome"] = welcome,
            ["help"] = help,
            ["help (did not understand)"] = notUnderstood,
        });
    }
}
