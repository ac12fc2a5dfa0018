using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Tests.FollowThrough;

public class PipelineCsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"https://evil.example\",\"Open\")", "\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Open\"\")\"")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData("City Museum", "City Museum")]
    [InlineData("a=b, c", "\"a=b, c\"")]
    [InlineData("", "")]
    public void Field_FormulaStarts_ShowAsText(string value, string expected) => Assert.Equal(expected, PipelineCsv.Field(value));

    [Fact]
    public void Write_HasNoIds_AndNamesAContactWhoLeftWithoutTheirId()
    {
        var p = Seed.Partner("partner-7f3a", PartnerStage.Active) with
        {
            Name = "City Museum",
            Type = PartnerType.LocalGovernment,
            Contact = new ContactAssignment { UserIds = ["aad-1111", "aad-gone"], AssignedAt = Seed.Now, AssignedByUserId = "aad-1111" },
            CreatedByUserId = "aad-1111",
        };

        var csv = PipelineCsv.Write([p], new Dictionary<string, string> { ["aad-1111"] = "Ana" });

        Assert.Equal("Name,Type,Sector,Stage,Clusters,Contact,Stage reason,Created,Updated", csv.Split("\r\n")[0]);
        Assert.Contains("City Museum,Local government,Civic,active,,Ana; (left the workspace),", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("partner-7f3a", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("aad-", csv, StringComparison.Ordinal);
    }
}
