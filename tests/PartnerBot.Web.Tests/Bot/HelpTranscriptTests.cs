using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Storage.ConversationReferences;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Bot;

public sealed class HelpTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    [Fact]
    public async Task Help_ShowsHelpCardListingCommands()
    {
        var t = app.Factory.Transcript(user: "Ada");

        await t.Send("help");

        var card = t.AssertReplyCardContaining("What I can do");
        Assert.DoesNotContain("did not understand", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("\"help\"", card.ToJsonString(), StringComparison.Ordinal);
        t.AssertNoMoreReplies();
    }

    [Fact]
    public async Task Nonsense_ShowsHelpCardSayingItDidNotUnderstand()
    {
        var t = app.Factory.Transcript(user: "Ada");

        await t.Send("qwzx blorp");

        t.AssertReplyCardContaining("I did not understand that");
        t.AssertNoMoreReplies();
    }

    [Fact]
    public async Task Help_WithBotMention_MentionIsRemoved()
    {
        var t = app.Factory.Transcript(user: "Ada");
        var message = t.Message("<at>PartnerBot</at>&nbsp;help");
        message.Entities =
        [
            new JsonObject
            {
                ["type"] = "mention",
                ["text"] = "<at>PartnerBot</at>",
                ["mentioned"] = new JsonObject { ["id"] = t.Identity.BotId, ["name"] = "PartnerBot" },
            },
        ];

        using var response = await t.Post(message);
        await app.Factory.Turns.WaitAsync(message.Id!, Testing.Transcripts.Transcript.TurnTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = t.AssertReplyCardContaining("What I can do");
        Assert.DoesNotContain("did not understand", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedText_RefusedWithTextAndNothingElseHappens()
    {
        var t = app.Factory.Transcript(user: "Ada");

        await t.Send(new string('x', 4_001));

        t.AssertReplyText("at most 4,000");
        t.AssertNoMoreReplies();
        var store = app.Factory.Services.GetRequiredService<TableConversationReferenceStore>();
        Assert.Null(await store.GetAsync(t.Identity.TenantId, t.Identity.AadObjectId, CancellationToken.None));
    }

    [Fact]
    public async Task Submit_ValueNotAnObject_RefusedWithText()
    {
        var t = app.Factory.Transcript(user: "Ada");
        var message = t.Message(null);
        message.Value = JsonValue.Create("not an object");

        using var response = await t.Post(message);
        await app.Factory.Turns.WaitAsync(message.Id!, Testing.Transcripts.Transcript.TurnTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        t.AssertReplyText("could not read what that card sent");
        t.AssertNoMoreReplies();
    }

    [Fact]
    public async Task Submit_CommandButton_ShowsHelpCard()
    {
        var t = app.Factory.Transcript(user: "Ada");

        await t.SendSubmit(new JsonObject { ["action"] = "command", ["command"] = "help" });

        t.AssertReplyCardContaining("What I can do");
    }

    [Theory]
    [InlineData(null, "29:someone")]
    [InlineData("tenant-x", null)]
    public async Task Message_WithoutTenantOrSender_IgnoredWithoutError(string? tenant, string? userId)
    {
        var t = app.Factory.Transcript(user: "Nobody");
        var message = t.Message("help");
        message.Conversation!.TenantId = tenant;
        message.ChannelData = null;
        message.From = userId is null ? null : new PartnerBot.Protocol.Activities.ChannelAccount { Id = userId };

        using var response = await t.Post(message);
        await app.Factory.Turns.WaitAsync(message.Id!, Testing.Transcripts.Transcript.TurnTimeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        t.AssertNoMoreReplies();
    }

    [Fact]
    public async Task Message_NamesWithReservedKeyCharacters_Work()
    {
        var t = app.Factory.Transcript(user: "Åsa / Ünal #1?", tenant: "tenant/with\\odd#chars?");

        await t.SendInstall();
        await t.Send("help");

        t.AssertReplyCardContaining("Welcome, Åsa / Ünal #1?");
        t.AssertReplyCardContaining("What I can do");
    }
}
