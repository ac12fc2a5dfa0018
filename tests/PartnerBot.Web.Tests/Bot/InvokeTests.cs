using System.Net;
using System.Text.Json.Nodes;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Bot;

public sealed class InvokeTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    [Fact]
    public async Task AdaptiveCardAction_WithData_Answers200AndRepliesLikeASubmit()
    {
        var t = app.Factory.Transcript(user: "Ada");
        var value = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute",
                ["verb"] = "command",
                ["data"] = new JsonObject { ["command"] = "help" },
            },
        };

        var (status, body) = await t.SendInvoke("adaptiveCard/action", value);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200, (int?)body?["statusCode"]);
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body?["type"]);
        t.AssertReplyCardContaining("What I can do");
    }

    [Fact]
    public async Task AdaptiveCardAction_WithoutData_AnswersBadRequestBody()
    {
        var t = app.Factory.Transcript(user: "Ada");

        var (status, body) = await t.SendInvoke("adaptiveCard/action", new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(400, (int?)body?["statusCode"]);
        t.AssertNoMoreReplies();
    }

    [Fact]
    public async Task OtherInvoke_Answers501()
    {
        var t = app.Factory.Transcript(user: "Ada");

        var (status, _) = await t.SendInvoke("composeExtension/query", new JsonObject());

        Assert.Equal(HttpStatusCode.NotImplemented, status);
        t.AssertNoMoreReplies();
    }
}
