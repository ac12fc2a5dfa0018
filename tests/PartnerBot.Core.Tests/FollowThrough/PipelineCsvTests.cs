using CsvHelper;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;

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

        var csv = PipelineCsv.Write([p], new Dictionary<string, PartnerHistory>(), [], new Dictionary<string, string> { ["aad-1111"] = "Ana" });

        Assert.Equal(Header, csv.Split("\r\n")[0]);
        Assert.Contains("City Museum,Local government,Civic,Partnership,Active,1,,,Ana; (left the workspace),", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("partner-7f3a", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("aad-", csv, StringComparison.Ordinal);
    }

    private const string Header = "Name,Type,Sector,Relationship,Stage,Rank,Score,Recommendation,Contact,Next step,Next step due,"
        + "Last contact,Needs covered,Health trend,Clusters,Stage reason,Created,Updated";

    [Fact]
    public void Write_EachColumn_ComesFromTheRuleThatComputesIt_AsLabelsAndIsoDates()
    {
        var museum = Seed.Partner("p-museum", PartnerStage.InTalks, needs: ["n1", "n2", "n-gone"]) with
        {
            Name = "City Museum",
            Type = PartnerType.PrivateCompany,
            Sector = Sector.Market,
            Relationship = RelationshipKind.Sponsorship,
            ScreeningScore = 3.0,
            AssessmentScore = 4.5,
            Recommendation = Recommendation.Pursue,
        };
        var dropped = Seed.Partner("p-drop", PartnerStage.Active, needs: ["n1"]) with
        {
            Name = "+Tech Hub",
            ScreeningScore = 4.8,
            Recommendation = Recommendation.Drop,
        };
        var ended = Seed.Partner("p-ended", PartnerStage.Ended, needs: ["n2"]) with { Name = "Old Friends", ScreeningScore = 5.0 };
        var histories = new Dictionary<string, PartnerHistory>
        {
            ["p-museum"] = new()
            {
                NextSteps =
                [
                    Seed.Step("s-later", "p-museum", Seed.Today.AddDays(10)) with { Description = "Sign the agreement" },
                    Seed.Step("s-soon", "p-museum", Seed.Today.AddDays(3)) with { Description = "=Send draft" },
                    Seed.Step("s-done", "p-museum", Seed.Today.AddDays(-5), NextStepStatus.Done) with { Description = "Meet" },
                ],
                Interactions = [Contact("i-old", "p-museum", Seed.Now.AddDays(-20)), Contact("i-new", "p-museum", Seed.Now.AddDays(-2)), Contact("i-mid", "p-museum", Seed.Now.AddDays(-9))],
                HealthChecks = [Seed.Check("p-museum", 60, 2, 2, 2, 2, 2), Seed.Check("p-museum", 5, 4, 4, 4, 4, 4)],
            },
            ["p-drop"] = new() { HealthChecks = [Seed.Check("p-drop", 5, 3, 3, 3, 3, 3)] },
        };
        NeedsAssessment[] needs =
        [
            new() { Id = "a1", Goal = "Reading", CreatedByUserId = "m1", UpdatedAt = Seed.Now, Needs = [new Need { Id = "n1", Kind = NeedKind.Technology, Description = "Laptops" }] },
            new() { Id = "a2", Goal = "Families", CreatedByUserId = "m1", UpdatedAt = Seed.Now, Needs = [new Need { Id = "n2", Kind = NeedKind.Technology, Description = "Story time, weekends" }] },
        ];

        var rows = Parse(PipelineCsv.Write([museum, dropped, ended], histories, needs, new Dictionary<string, string> { ["u1"] = "Ana" }));

        Assert.Equal(PipelineCsv.Columns, rows.Header);
        Assert.Equal(["City Museum", "'+Tech Hub", "Old Friends"], rows.Records.Select(r => r["Name"]));
        var m = rows.Records[0];
        Assert.Equal("Private company", m["Type"]);
        Assert.Equal("Market", m["Sector"]);
        Assert.Equal("Sponsorship", m["Relationship"]);
        Assert.Equal("In talks", m["Stage"]);
        Assert.Equal("1", m["Rank"]);
        Assert.Equal("4.5", m["Score"]);
        Assert.Equal("Pursue", m["Recommendation"]);
        Assert.Equal("Ana", m["Contact"]);
        Assert.Equal("'=Send draft", m["Next step"]);
        Assert.Equal("2026-11-26", m["Next step due"]);
        Assert.Equal("2026-11-21", m["Last contact"]);
        Assert.Equal("Laptops; Story time, weekends", m["Needs covered"]);
        Assert.Equal("Improving", m["Health trend"]);
        Assert.Equal("2026-01-27", m["Created"]);
        Assert.Equal("2026-11-22", m["Updated"]);

        var d = rows.Records[1];
        Assert.Equal("'+Tech Hub", d["Name"]);
        Assert.Equal("Active", d["Stage"]);
        // A Drop recommendation sinks below a lower score, and covers nothing.
        Assert.Equal("2", d["Rank"]);
        Assert.Equal("4.8", d["Score"]);
        Assert.Equal("Drop", d["Recommendation"]);
        Assert.Equal("", d["Needs covered"]);
        Assert.Equal("", d["Next step"]);
        Assert.Equal("", d["Next step due"]);
        Assert.Equal("", d["Last contact"]);
        Assert.Equal("Not enough checks", d["Health trend"]);

        var e = rows.Records[2];
        Assert.Equal("Ended", e["Stage"]);
        Assert.Equal("", e["Rank"]);
        Assert.Equal("5.0", e["Score"]);
        Assert.Equal("", e["Needs covered"]);
        Assert.Equal("", e["Health trend"]);
    }

    private static Interaction Contact(string id, string partnerId, DateTimeOffset at) =>
        new() { Id = id, PartnerId = partnerId, UserId = "u1", Summary = "Talked", OccurredAt = at };

    /// <summary>Reads the file as a spreadsheet would, with a CSV parser of its own.</summary>
    private static (IReadOnlyList<string> Header, List<Dictionary<string, string>> Records) Parse(string csv)
    {
        using var reader = CsvReader.FromText(csv, new CsvReaderOptions { Separator = ',', AllowLineBreaksInQuotes = true });
        var header = reader.Headers.ToList();
        var records = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            Assert.Equal(header.Count, reader.FieldCount);
            records.Add(header.ToDictionary(h => h, reader.GetString, StringComparer.Ordinal));
        }

        return (header, records);
    }
}
