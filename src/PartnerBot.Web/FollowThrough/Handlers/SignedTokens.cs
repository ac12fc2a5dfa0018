using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>
/// The signing every link of the app shares: a body of newline-separated fields whose first names the kind of link,
/// signed with HMAC-SHA256 under <see cref="ExportOptions.SigningKey"/> and verified against it and
/// <see cref="ExportOptions.PreviousSigningKey"/>. The kind is inside the signed body, so a token made for one kind of
/// link never passes for another.
/// </summary>
internal sealed class SignedTokens(ExportOptions options)
{
    private readonly byte[] key = options.HasSigningKey
        ? Convert.FromBase64String(options.SigningKey!)
        : RandomNumberGenerator.GetBytes(ExportOptions.MinimumSigningKeyBytes);

    private readonly byte[]? previousKey = options.HasPreviousSigningKey ? Convert.FromBase64String(options.PreviousSigningKey!) : null;

    /// <summary>A token over <paramref name="fields"/> (escaped here, so a field may hold any text), signed with the current key.</summary>
    public string Sign(params string[] fields)
    {
        var body = Encoding.UTF8.GetBytes(string.Join('\n', fields.Select(Uri.EscapeDataString)));
        return Base64Url(body) + "." + Base64Url(HMACSHA256.HashData(key, body));
    }

    /// <summary>The fields of a genuine token (signed with the current or the previous key), or null for anything else.</summary>
    public string[]? Verify(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 2 })
        {
            return null;
        }

        try
        {
            var body = FromBase64Url(parts[0]);
            var signature = FromBase64Url(parts[1]);
            if (!Signed(key, body, signature) && (previousKey is null || !Signed(previousKey, body, signature)))
            {
                return null;
            }

            return [.. Encoding.UTF8.GetString(body).Split('\n').Select(Uri.UnescapeDataString)];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The configured public address, or else the app's own listening address (so a link works when the bot runs
    /// locally on any port), with a wildcard host read as localhost.
    /// </summary>
    public static string BaseUrl(ExportOptions options, IServer? server)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return options.PublicBaseUrl.TrimEnd('/');
        }

        var own = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (own is null)
        {
            return "http://localhost";
        }

        var address = BindingAddress.Parse(own);
        var host = address.Host is "+" or "*" or "0.0.0.0" or "[::]" ? "localhost" : address.Host;
        return $"{address.Scheme}://{host}:{address.Port.ToString(CultureInfo.InvariantCulture)}";
    }

    private static bool Signed(byte[] with, byte[] body, byte[] signature) => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(with, body), signature);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b + new string('=', (4 - (b.Length % 4)) % 4));
    }
}
