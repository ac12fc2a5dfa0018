using System.Text.Json.Nodes;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Partners;
using PartnerBot.Testing;

namespace PartnerBot.Web.Tests.FollowThrough;

public class WorkspaceSettingsCardTests
{
    [Fact]
    public async Task WorkspaceSettingsCard_PassesTheOfficialParser_DefaultsAndChanged()
    {
        var changed = NudgeSettings.Default with
        {
            DisabledKinds = new HashSet<NudgeKind> { NudgeKind.QuietPartner, NudgeKind.HealthCheckDue },
            DueSoonDays = 0,
            QuietDaysByStage = new Dictionary<PartnerStage, int> { [PartnerStage.UnderReview] = 365 },
        };
        var channel = new DigestSettings { Day = DayOfWeek.Sunday, Hour = 23, ChannelConversationId = "19:a@thread.tacv2", ChannelServiceUrl = "https://smba.example/", ChannelName = "Café / Ü #1?" };

        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject>
        {
            ["defaults"] = WorkspaceSettingsCard.Build(NudgeSettings.Default, new DigestSettings()).ToJson(),
            ["changed-channel"] = WorkspaceSettingsCard.Build(changed, channel).ToJson(),
            ["channel-without-name"] = WorkspaceSettingsCard.Build(changed, channel with { ChannelName = null }).ToJson(),
        });
    }
}
