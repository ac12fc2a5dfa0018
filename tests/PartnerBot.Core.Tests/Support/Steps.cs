namespace PartnerBot.Core.Tests.Support;

/// <summary>The common moves of a librarian, as transcript steps.</summary>
public static class Steps
{
    public static async Task CompleteNeedsAsync(this Transcript t, string goal = "Digital skills for job seekers")
    {
        await t.SayAsync("needs");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = goal, ["targetUsers"] = "Adults looking for work", ["usersConsulted"] = "true" });
        await t.ClickAsync("Next", new Dictionary<string, string> { ["need-tech"] = "Laptops and training software", ["priority-tech"] = "High", ["need-hr"] = "Career trainers" });
        await t.ClickAsync("Finish", new Dictionary<string, string> { ["offers"] = "rooms,trust" });
    }

    public static async Task AddPartnerAsync(this Transcript t, string name, string type = "LocalGovernment", string? needs = null, string? sector = null)
    {
        await t.SayAsync("add partner " + name);
        var inputs = new Dictionary<string, string> { ["type"] = type, ["clusters"] = "employability" };
        if (needs is not null)
        {
            inputs["needs"] = needs;
        }

        if (sector is not null)
        {
            inputs["sector"] = sector;
        }

        await t.ClickAsync("Add partner", inputs);
    }

    public static Dictionary<string, string> Ratings(params int[] scores) => new()
    {
        ["q-Expertise"] = scores[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["q-StrengthsAndWeaknesses"] = scores[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["q-ContributionToGoals"] = scores[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["q-RelationshipDifficulty"] = scores[3].ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["q-OpportunityCost"] = scores[4].ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task ScreenAsync(this Transcript t, string partner, params int[] scores)
    {
        await t.SayAsync("screen " + partner);
        var title = t.Text.Contains("Save changes", StringComparison.Ordinal) ? "Save changes" : "Submit ratings";
        await t.ClickAsync(title, Ratings(scores));
    }

    public static Dictionary<string, string> AssessmentInputs(int criteria, int questions, bool affordable = true)
    {
        var s = criteria.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var q = questions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new()
        {
            ["crit-shared-interests"] = s,
            ["crit-expertise"] = s,
            ["crit-resources"] = s,
            ["crit-library-experience"] = s,
            ["crit-collaboration-history"] = s,
            ["q-BenefitAndCostFactors"] = q,
            ["q-Competencies"] = q,
            ["q-InvestmentAndTiming"] = q,
            ["q-ConstituentSupport"] = q,
            ["affordable"] = affordable ? "true" : "false",
            ["investment"] = "Two staff hours a week",
        };
    }
}
