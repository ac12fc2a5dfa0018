using System.Globalization;
using System.Text;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>
/// The pipeline as CSV (RFC 4180) for managers to open in a spreadsheet. It holds what a manager reads and nothing
/// they cannot use: no tenant, workspace, partner or user ids. A partner is known by its name, as in the chat
/// ('partner City Museum'), and a contact by their display name.
/// </summary>
public static class PipelineCsv
{
    /// <summary>Shown for a contact who is no longer a member, instead of their user id.</summary>
    public const string FormerMember = "(left the workspace)";

    // What a spreadsheet reads as the start of a formula (or, for tab and line breaks, as a way to hide one in the
    // next cell); the full-width forms because some Excel versions convert them.
    private const string FormulaStarts = "=+-@\t\r\n＝＋－＠";

    public static string Write(IEnumerable<Partner> partners, IReadOnlyDictionary<string, string> memberNames)
    {
        var csv = new StringBuilder();
        csv.Append("Name,Type,Sector,Stage,Clusters,Contact,Stage reason,Created,Updated\r\n");
        foreach (var p in partners.OrderBy(p => p.Stage).ThenBy(p => p.Name, StringComparer.CurrentCulture))
        {
            var contact = p.Contact?.UserIds.Select(id => memberNames.GetValueOrDefault(id, FormerMember)) ?? [];
            Row(csv, p.Name, PartnerCatalog.Label(p.Type), PartnerCatalog.Label(p.Sector), p.Stage.InSentence(), string.Join("; ", p.Clusters),
                string.Join("; ", contact), p.StageReason ?? "",
                p.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.UpdatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params string[] fields)
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
