using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Connector;

namespace PartnerBot.Protocol.Tests.Activities;

public sealed class ActivityRoundTripTests
{
    public static TheoryData<string> Fixtures() =>
        ["message.json", "card-submit.json", "conversation-update.json", "installation-update.json", "invoke.json"];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Deserialize_TeamsPayload_SerializesBackToSameJson(string fixture)
    {
        var original = JsonNode.Parse(Load(fixture))!;

        var activity = JsonSerializer.Deserialize<Activity>(Load(fixture), ProtocolJson.Options)!;
        var written = JsonSerializer.SerializeToNode(activity, ProtocolJson.Options)!;

        Assert.True(
            JsonNode.DeepEquals(original, written),
            $"{fixture} changed on the round trip:\n{written.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
    }

    [Fact]
    public void Deserialize_Message_GivesTypedFieldsAndKeepsUnknownOnes()
    {
        var activity = Read("message.json");

        Assert.Equal(ActivityTypes.Message, activity.Type);
        Assert.Equal("6b3a2f0e-4c1d-4a5b-9c1d-3e2f1a0b9c8d", activity.From?.AadObjectId);
        Assert.Equal("Europe/London", activity.LocalTimezone);
        Assert.Equal(TimeSpan.FromHours(1), activity.LocalTimestamp?.Offset);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", activity.GetTenantId());
        Assert.Equal("mention", activity.Entities?[0]["type"]?.GetValue<string>());
        Assert.Equal("en-GB", activity.ExtensionData?["locale"].GetString());
    }

    [Fact]
    public void Deserialize_ConversationUpdate_ReadsTeamsChannelData()
    {
        var activity = Read("conversation-update.json");
        var channelData = activity.GetTeamsChannelData();

        Assert.Equal("Branch Outreach", channelData?.Team?.Name);
        Assert.Equal("teamMemberAdded", channelData?.EventType);
        Assert.Equal(2, activity.MembersAdded?.Count);
        Assert.True(activity.Conversation?.IsGroup);
    }

    [Fact]
    public void Deserialize_CardSubmit_ValueCarriesInputs()
    {
        var activity = Read("card-submit.json");

        Assert.Equal("partner.save", activity.Value?["action"]?.GetValue<string>());
        Assert.Equal("Riverside Food Bank / Pantry #2", activity.Value?["partnerName"]?.GetValue<string>());
    }

    [Fact]
    public void Deserialize_InstallationUpdate_ReadsAction()
    {
        var activity = Read("installation-update.json");

        Assert.Equal(ActivityTypes.InstallationUpdate, activity.Type);
        Assert.Equal("add", activity.Action);
    }

    [Fact]
    public void GetConversationReference_Invoke_TakesAddressingFromActivity()
    {
        var reference = Read("invoke.json").GetConversationReference();

        Assert.Equal("msteams", reference.ChannelId);
        Assert.Equal("https://smba.trafficmanager.net/emea/", reference.ServiceUrl);
        Assert.Equal("a:1pXbK7zQ9vTn3LmRcYwHfJ2sDgE5uA8iOqZ0xN6kW4eBy", reference.ConversationId);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", reference.TenantId);
        Assert.Equal("29:1Xq3Lk9vXbQe8fW2sHc7RmJtZpYdNaUoKiGvBlCeDfTgHhIj", reference.UserId);
        Assert.Equal("28:5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f", reference.BotId);
        Assert.Equal("personal", reference.ConversationType);
    }

    [Fact]
    public void GetConversationReference_NoConversation_Throws()
    {
        var activity = new Activity { Type = ActivityTypes.Message, ChannelId = "msteams", ServiceUrl = "https://x.example/" };

        Assert.Throws<ArgumentException>(() => activity.GetConversationReference());
    }

    [Fact]
    public void CreateReply_Message_SwapsSenderAndRecipient()
    {
        var inbound = Read("message.json");

        var reply = inbound.CreateReply("Hello");

        Assert.Equal("Hello", reply.Text);
        Assert.Equal(inbound.From?.Id, reply.Recipient?.Id);
        Assert.Equal(inbound.Recipient?.Id, reply.From?.Id);
        Assert.Equal(inbound.Id, reply.ReplyToId);
        Assert.Equal(inbound.Conversation?.Id, reply.Conversation?.Id);
    }

    private static string Load(string fixture) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", fixture));

    private static Activity Read(string fixture) => JsonSerializer.Deserialize<Activity>(Load(fixture), ProtocolJson.Options)!;
}
