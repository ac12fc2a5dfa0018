using System.Text.Json.Nodes;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.FollowThrough.Settings;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Tests.Rules;

/// <summary>A stage's words live next to the stage enum; every card and message takes them from there.</summary>
public class StageLabelTests
{
    [Theory]
    [InlineData(PartnerStage.Identified, "Identified", "identified")]
    [InlineData(PartnerStage.Screened, "Screened", "screened")]
    [InlineData(PartnerStage.Assessed, "Assessed", "assessed")]
    [InlineData(PartnerStage.Prioritised, "Prioritised", "prioritised")]
    [InlineData(PartnerStage.InTalks, "In talks", "in talks")]
    [InlineData(PartnerStage.Formalised, "Formalised", "formalised")]
    [InlineData(PartnerStage.Active, "Active", "active")]
    [InlineData(PartnerStage.UnderReview, "Under review", "under review")]
    [InlineData(PartnerStage.Ended, "Ended", "ended")]
    public void Label_EveryStage(PartnerStage stage, string label, string inSentence)
    {
        Assert.Equal(label, stage.Label());
        Assert.Equal(inSentence, stage.InSentence());
    }

    [Fact]
    public void Labels_AreDistinct() =>
        Assert.Equal(Enum.GetValues<PartnerStage>().Length, Enum.GetValues<PartnerStage>().Select(s => s.Label()).Distinct(StringComparer.OrdinalIgnoreCase).Count());

    [Fact]
    public void SettingsForm_Problem_NamesTheStageByItsLabel()
    {
        var change = WorkspaceSettingsForm.Parse(new JsonObject { [WorkspaceSettingsForm.QuietId(PartnerStage.UnderReview)] = "0" }, NudgeSettings.Default, new DigestSettings());

        Assert.False(change.IsValid);
        Assert.Contains(change.Problems, p => p.Contains("(Under review)", StringComparison.Ordinal));
    }
}
