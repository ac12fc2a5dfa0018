using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.Tests.Cards;

public class CardJsonTests
{
    [Fact]
    public void Card_DeclaresSchemaVersionTeamsRenders()
    {
        var json = new AdaptiveCard { Body = { new TextBlock("hi") } }.ToJson();

        Assert.Equal("AdaptiveCard", (string?)json["type"]);
        Assert.Equal("1.5", (string?)json["version"]);
    }

    [Fact]
    public void Inputs_CarryLabelRequiredAndErrorMessage()
    {
        var json = new AdaptiveCard
        {
            Body = { new TextInput { Id = "goal", Label = "Goal", IsRequired = true, ErrorMessage = "Say what the goal is.", MaxLength = 200 } },
        }.ToJson();

        var input = json["body"]![0]!.AsObject();
        Assert.Equal("Input.Text", (string?)input["type"]);
        Assert.Equal("Goal", (string?)input["label"]);
        Assert.True((bool?)input["isRequired"]);
        Assert.Equal("Say what the goal is.", (string?)input["errorMessage"]);
        Assert.Equal(200, (int?)input["maxLength"]);
    }

    [Fact]
    public void SubmitAction_CopiesItsData_SoCardsDoNotShareNodes()
    {
        var data = new JsonObject { ["action"] = "command", ["command"] = "help" };
        var action = new SubmitAction { Title = "Help", Data = data };

        var first = action.ToJson();
        var second = action.ToJson();

        Assert.Equal("help", (string?)first["data"]!["command"]);
        Assert.NotSame(first["data"], second["data"]);
    }

    [Fact]
    public void HelpCard_ListsEveryCommand()
    {
        var json = HelpCard.Build(BotCommands.Menu).ToJson().ToJsonString();

        foreach (var command in BotCommands.Menu)
        {
            Assert.Contains(command.Name, json, StringComparison.Ordinal);
        }
    }
}
