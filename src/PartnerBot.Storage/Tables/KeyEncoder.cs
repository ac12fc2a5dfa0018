using System.Text;
using Azure.Data.Tables;

namespace PartnerBot.Storage.Tables;

/// <summary>
/// Makes any string safe as a Table Storage PartitionKey or RowKey. Table Storage forbids
/// <c>/ \ # ?</c> and control characters in keys; we percent-encode those (and '%' itself),
/// so encoded keys stay readable, keep their sort order for plain ids, and decode exactly.
/// </summary>
public static class KeyEncoder
{
    /// <summary>Keys may be at most 1 KiB; leave room for prefixes.</summary>
    public const int MaxEncodedLength = 700;

    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
            {
                builder ??= new StringBuilder(value.Length + 8).Append(value, 0, i);
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                builder?.Append(c);
            }
        }

        var encoded = builder?.ToString() ?? value;
        if (encoded.Length > MaxEncodedLength)
        {
            throw new ArgumentException($"A key may be at most {MaxEncodedLength} characters once encoded.", nameof(value));
        }

        return encoded;
    }

    public static string Decode(string key) => Uri.UnescapeDataString(key);

    /// <summary>Joins encoded parts with '|'; Encode escapes '|' inside a part, so the parts stay apart.</summary>
    public static string Compose(params string[] parts) => string.Join('|', parts.Select(Encode));

    /// <summary>
    /// A filter for every row key that starts with these (unencoded) parts. Encoded parts never contain '|', and
    /// '}' is the character after '|', so exactly those keys sort between <c>parts|</c> and <c>parts}</c>.
    /// </summary>
    public static string RowKeysUnder(params string[] parts)
    {
        var from = Compose(parts) + "|";
        var to = from[..^1] + "}";
        return TableClient.CreateQueryFilter($"(RowKey ge {from} and RowKey lt {to})");
    }

    private static bool NeedsEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' or '|' || char.IsControl(c);
}
