using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Web.FollowThrough.Handlers;

/// <summary>Section <c>FollowThrough:Export</c>.</summary>
public sealed class ExportOptions
{
    public const string SectionName = "FollowThrough:Export";

    /// <summary>Base URL the app is reached at, e.g. https://partnerbot.example.org.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>HMAC key (base64, ≥ 32 bytes) shared by all instances. Empty: a random key per process, so links die on restart.</summary>
    public string? SigningKey { get; set; }
}

/// <summary>
/// Short-lived signed export links. The token names the workspace, the manager and an expiry, signed with HMAC-SHA256:
/// nobody can forge one for another workspace, and a leaked link stops working within minutes.
/// </summary>
public sealed class ExportLinks(IOptions<ExportOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly byte[] key = string.IsNullOrWhiteSpace(options.Value.SigningKey)
        ? RandomNumberGenerator.GetBytes(32)
        : Convert.FromBase64String(options.Value.SigningKey);

    public string Create(WorkspaceKey workspace, string userId)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = string.Join('\n', Uri.EscapeDataString(workspace.TenantId), Uri.EscapeDataString(workspace.WorkspaceId), Uri.EscapeDataString(userId), expires);
        var token = Base64Url(Encoding.UTF8.GetBytes(body)) + "." + Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)));
        return options.Value.PublicBaseUrl.TrimEnd('/') + "/api/followthrough/export?token=" + Uri.EscapeDataString(token);
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
