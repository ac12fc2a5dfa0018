namespace PartnerBot.Storage.Tests.Support;

/// <summary>Checks on the OData filter of a logged query.</summary>
public static class Filters
{
    /// <summary>
    /// True when the query's filter has an <c>or</c> outside every parenthesis (and outside quoted values): such an
    /// <c>or</c> would escape the <c>PartitionKey eq</c> term and turn a partition query into a table scan.
    /// </summary>
    public static bool HasTopLevelOr(string uri)
    {
        var start = uri.IndexOf("$filter=", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var filter = uri[(start + "$filter=".Length)..];
        var end = filter.IndexOf('&', StringComparison.Ordinal);
        filter = end < 0 ? filter : filter[..end];
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && string.CompareOrdinal(filter, i, " or ", 0, 4) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
