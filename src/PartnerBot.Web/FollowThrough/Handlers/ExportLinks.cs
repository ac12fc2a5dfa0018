using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>Section <c>FollowThrough:Export</c>.</summary>
public sealed class ExportOptions
{
    public const string SectionName = "FollowThrough:Export";

    /// <summary>Base URL the app is reached at, e.g. https://partnerbot.example.org.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The full name of <see cref="SigningKey"/>, as start-up messages give it.</summary>
    public const string SigningKeySetting = SectionName + ":SigningKey (env FollowThrough__Export__SigningKey)";

    /// <summary>A key shorter than the hash's output (32 bytes for SHA-256) weakens the HMAC (RFC 2104).</summary>
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>HMAC key (base64, ≥ 32 bytes) shared by all instances. Empty: a random key per process, so links die on restart.</summary>
    public string? SigningKey { get; set; }

    public bool HasSigningKey => !string.IsNullOrWhiteSpace(SigningKey);
}

/// <summary>
/// A signing key that is set but unusable would otherwise surface as a crash on the first 'export', or as a weak key.
/// Refuse to start instead, naming the setting (never its value: it is a secret).
/// </summary>
internal sealed class ExportSigningKeyValid : IValidateOptions<ExportOptions>
{
    public ValidateOptionsResult Validate(string? name, ExportOptions options)
    {
        if (!options.HasSigningKey)
        {
            return ValidateOptionsResult.Success;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(options.SigningKey!);
        }
        catch (FormatException)
        {
            return Fail("the value set is not base64");
        }

        return key.Length >= ExportOptions.MinimumSigningKeyBytes
            ? ValidateOptionsResult.Success
            : Fail($"the value set decodes to {key.Length} bytes");
    }

    private static ValidateOptionsResult Fail(string why) => ValidateOptionsResult.Fail(
        $"{ExportOptions.SigningKeySetting} must be base64 of at least {ExportOptions.MinimumSigningKeyBytes} random bytes " +
        $"(e.g. the output of 'openssl rand -base64 32'), but {why}. Leave it empty to use a random key per process, " +
        "with which export links stop working when the app restarts.");
}

/// <summary>
/// Short-lived signed export links. The token names the workspace, the manager and an expiry, signed with HMAC-SHA256:
/// nobody can forge one for another workspace, and a leaked link stops working within minutes.
/// </summary>
public sealed class ExportLinks(IOptions<ExportOptions> options, TimeProvider time, IServer? server = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly byte[] key = options.Value.HasSigningKey
        ? Convert.FromBase64String(options.Value.SigningKey!)
        : RandomNumberGenerator.GetBytes(ExportOptions.MinimumSigningKeyBytes);

    public string Create(WorkspaceKey workspace, string userId)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = string.Join('\n', Uri.EscapeDataString(workspace.TenantId), Uri.EscapeDataString(workspace.WorkspaceId), Uri.EscapeDataString(userId), expires);
        var token = Base64Url(Encoding.UTF8.GetBytes(body)) + "." + Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)));
        return BaseUrl().TrimEnd('/') + "/api/followthrough/export?token=" + Uri.EscapeDataString(token);
    }

    /// <summary>
    /// The configured public address, or else the app's own listening address (so a link works when the bot runs
    /// locally on any port), with a wildcard host read as localhost.
    /// </summary>
    private string BaseUrl()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
        {
            return options.Value.PublicBaseUrl;
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

    /// <summary>The workspace and user a token was made for, or null when it is malformed, forged or expired.</summary>
    public (WorkspaceKey Workspace, string UserId)? Verify(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 2 })
        {
            return null;
        }

        try
        {
            var body = FromBase64Url(parts[0]);
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, body), FromBase64Url(parts[1])))
            {
                return null;
            }

            var fields = Encoding.UTF8.GetString(body).Split('\n');
            if (fields.Length != 4 || !long.TryParse(fields[3], CultureInfo.InvariantCulture, out var expires) || time.GetUtcNow().ToUnixTimeSeconds() > expires)
            {
                return null;
            }

            return (new WorkspaceKey(Uri.UnescapeDataString(fields[0]), Uri.UnescapeDataString(fields[1])), Uri.UnescapeDataString(fields[2]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b + new string('=', (4 - (b.Length % 4)) % 4));
    }
}
