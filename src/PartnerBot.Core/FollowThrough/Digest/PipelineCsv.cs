using System.Globalization;
using System.Text;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.FollowThrough.Digest;

/// <summary>The pipeline as CSV (RFC 4180) for managers to open in a spreadsheet.</summary>
public static class PipelineCsv
{
    public static string Write(IEnumerable<Partner> partners, IReadOnlyDictionary<string, string> memberNames)
    {
        var csv = new StringBuilder();
        csv.Append("Name,Type,Sector,Stage,Clusters,Contact,Stage reason,Created,Updated\r\n");
        foreach (var p in partners.OrderBy(p => p.Stage).ThenBy(p => p.Name, StringComparer.CurrentCulture))
        {
            var contact = p.Contact?.UserIds.Select(id => memberNames.GetValueOrDefault(id, id)) ?? [];
            Row(csv, p.Name, p.Type.ToString(), p.Sector.ToString(), DigestBuilder.StageName(p.Stage), string.Join("; ", p.Clusters),
                string.Join("; ", contact), p.StageReason ?? "",
                p.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.UpdatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, params string[] fields)
    {
        csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
    }

    // Quotes every field that needs it, and defuses a leading = + - @ so a spreadsheet never runs a partner's name as a formula.
    private static string Field(string value)
    {
        if (value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
