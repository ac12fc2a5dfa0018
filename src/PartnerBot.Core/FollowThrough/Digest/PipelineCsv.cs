using System.Globalization;
using System.Text;
using PartnerBot.Core.Cards.Partners;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>
/// The pipeline as CSV (RFC 4180) for managers to open in a spreadsheet. It holds what a manager reads and nothing
/// they cannot use: no tenant, workspace, partner or user ids. A partner is known by its name, as in the chat
/// ('partner City Museum'), and a contact by their display name. Every value comes from the rule that computes it for the
/// chat: rank and score from <see cref="Ranking"/>, needs covered from <see cref="NeedCoverage"/>, the health trend from
/// <see cref="HealthTrend"/>, labels from <see cref="PartnerCatalog"/> and <see cref="PartnerStages"/>.
/// </summary>
public static class PipelineCsv
{
    /// <summary>Shown for a contact who is no longer a member, instead of their user id.</summary>
    public const string FormerMember = "(left the workspace)";

    // What a spreadsheet reads as the start of a formula (or, for tab and line breaks, as a way to hide one in the
    // next cell); the full-width forms because some Excel versions convert them.
    private const string FormulaStarts = "=+-@\t\r\n＝＋－＠";

    /// <summary>The header row. Dates are ISO (yyyy-MM-dd) so a spreadsheet sorts them; a list in one cell is split by "; ".</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "Name", "Type", "Sector", "Relationship", "Stage", "Rank", "Score", "Recommendation", "Contact", "Next step", "Next step due",
        "Last contact", "Needs covered", "Health trend", "Clusters", "Stage reason", "Created", "Updated",
    ];

    public static string Write(
        IEnumerable<Partner> partners,
        IReadOnlyDictionary<string, PartnerHistory> histories,
        IEnumerable<NeedsAssessment> needsAssessments,
        IReadOnlyDictionary<string, string> memberNames)
    {
        var list = partners.ToList();
        // The prioritised list's own rank and score, so the file and the 'ranking' card never disagree.
        var ranks = Ranking.Rank(list).ToDictionary(r => r.Partner.Id, r => r.Rank, StringComparer.Ordinal);
        var needs = needsAssessments.SelectMany(a => a.Needs).GroupBy(n => n.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Description, StringComparer.Ordinal);
        var csv = new StringBuilder();
        Row(csv, Columns);
        foreach (var p in list.OrderBy(p => p.Stage).ThenBy(p => p.Name, StringComparer.CurrentCulture))
        {
            var history = histories.GetValueOrDefault(p.Id) ?? new PartnerHistory();
            var contact = p.Contact?.UserIds.Select(id => memberNames.GetValueOrDefault(id, FormerMember)) ?? [];
            var next = history.NextSteps.Where(s => s.Status == NextStepStatus.Open).OrderBy(s => s.DueDate).ThenBy(s => s.CreatedAt).FirstOrDefault();
            var lastContact = history.Interactions.MaxBy(i => i.OccurredAt);
            var covered = NeedCoverage.Covers(p) ? p.NeedIds.Where(needs.ContainsKey).Select(id => needs[id]) : [];
            var health = HealthTrend.Assess(p.Id, history, HealthRules.Default);
            Row(
                csv,
                p.Name,
                PartnerCatalog.Label(p.Type),
                PartnerCatalog.Label(p.Sector),
                PartnerCatalog.Label(p.Relationship),
                p.Stage.Label(),
                ranks.TryGetValue(p.Id, out var rank) ? rank.ToString(CultureInfo.InvariantCulture) : "",
                Ranking.PriorityScore(p) is { } score ? PartnerCards.Num(score) : "",
                p.Recommendation?.ToString() ?? "",
                string.Join("; ", contact),
                next?.Description ?? "",
                next is null ? "" : Iso(next.DueDate),
                lastContact is null ? "" : Iso(lastContact.OccurredAt),
                string.Join("; ", covered),
                health.Averages.Count == 0 ? "" : TrendLabel(health.Direction),
                string.Join("; ", p.Clusters),
                p.StageReason ?? "",
                Iso(p.CreatedAt),
                Iso(p.UpdatedAt));
        }

        return csv.ToString();
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string TrendLabel(TrendDirection direction) => direction switch
    {
        TrendDirection.Improving => "Improving",
        TrendDirection.Steady => "Steady",
        TrendDirection.Declining => "Declining",
        _ => "Not enough checks",
    };

    private static void Row(StringBuilder csv, params IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
    }

    /// <summary>
    /// Quotes every field that needs it, and puts a ' before a field a spreadsheet would run as a formula (OWASP's
    /// advice for CSV injection): the cell then shows the text as typed.
    /// </summary>
    public static string Field(string value)
    {
        if (value.Length > 0 && FormulaStarts.Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
