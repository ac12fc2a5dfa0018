using System.Text.Json.Nodes;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;

namespace PartnerBot.Protocol.Tests.Connector;

public sealed class WebChatCardsTests
{
    [Fact]
    public void ForWebChat_ExecuteBecomesSubmitWithTheSameData_EvenInShownCards_AndTheRefreshGoes()
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["refresh"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = "refresh" }, ["userIds"] = new JsonArray("29:a") },
            ["actions"] = new JsonArray(
                new JsonObject { ["type"] = "Action.Execute", ["verb"] = "step.done", ["data"] = new JsonObject { ["action"] = "step.done", ["etag"] = "W/1" }, ["associatedInputs"] = "none" },
                new JsonObject
                {
                    ["type"] = "Action.ShowCard",
                    ["card"] = new JsonObject { ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Execute", ["verb"] = "step.snooze", ["data"] = new JsonObject { ["action"] = "step.snooze" } }) },
                },
                new JsonObject { ["type"] = "Action.OpenUrl", ["url"] = "https://example.org/" }),
        };
        var original = card.DeepClone();
        var activity = new Activity { Type = "message", Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }] };

        var sent = (JsonObject)WebChatCards.ForWebChat(activity).Attachments![0].Content!;

        Assert.Null(sent["refresh"]);
        var done = sent["actions"]![0]!;
        Assert.Equal(("Action.Submit", null, "step.done", "W/1", "none"), ((string?)done["type"], (string?)done["verb"], (string?)done["data"]!["action"], (string?)done["data"]!["etag"], (string?)done["associatedInputs"]));
        Assert.Equal("Action.Submit", (string?)sent["actions"]![1]!["card"]!["actions"]![0]!["type"]);
        Assert.Equal("Action.OpenUrl", (string?)sent["actions"]![2]!["type"]);
        Assert.True(JsonNode.DeepEquals(original, card), "The card the caller built is left as it was.");
    }
}
