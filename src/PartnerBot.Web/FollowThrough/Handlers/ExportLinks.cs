using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
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

    /// <summary>The full name of <see cref="PreviousSigningKey"/>, as start-up messages give it.</summary>
    public const string PreviousSigningKeySetting = SectionName + ":PreviousSigningKey (env FollowThrough__Export__PreviousSigningKey)";

    /// <summary>
    /// The key <see cref="SigningKey"/> replaced, during a rotation: links are verified against it too (never signed
    /// with it), so a link handed out just before the rotation works until it expires. Empty outside a rotation.
    /// </summary>
    public string? PreviousSigningKey { get; set; }

    public bool HasSigningKey => !string.IsNullOrWhiteSpace(SigningKey);

    public bool HasPreviousSigningKey => !string.IsNullOrWhiteSpace(PreviousSigningKey);
}

/// <summary>What an export link opens: a token for one kind never opens another.</summary>
public enum ExportKind
{
    /// <summary>The pipeline as CSV, for managers.</summary>
    Pipeline,

    /// <summary>Everything the workspace holds, as JSON files in a zip, for admins.</summary>
    Workspace,
}

/// <summary>Why a link was refused, or that it was not.</summary>
public enum ExportLinkStatus
{
    Valid,

    /// <summary>Malformed, forged, signed with a key that is neither the current nor the previous one.</summary>
    Invalid,

    /// <summary>Genuine, but for another kind of export.</summary>
    OtherKind,

    /// <summary>Genuine and for this export, but past its lifetime.</summary>
    Expired,
}

/// <summary>The result of checking a link: its status and, when valid, whom and which workspace it was made for.</summary>
public sealed record ExportLinkCheck(ExportLinkStatus Status, WorkspaceKey? Workspace = null, string? UserId = null);

/// <summary>
/// A signing key that is set but unusable would otherwise surface as a crash on the first 'export', or as a weak key.
/// Refuse to start instead, naming the setting (never its value: it is a secret).
/// </summary>
internal sealed class ExportSigningKeyValid : IValidateOptions<ExportOptions>
{
    public ValidateOptionsResult Validate(string? name, ExportOptions options)
    {
        var errors = new List<string>();
        if (options.HasSigningKey && Problem(options.SigningKey!) is { } current)
        {
            errors.Add(Fail(ExportOptions.SigningKeySetting, current) + " Leave it empty to use a random key per process, " +
                "with which export links stop working when the app restarts.");
        }

        if (options.HasPreviousSigningKey)
        {
            if (Problem(options.PreviousSigningKey!) is { } previous)
            {
                errors.Add(Fail(ExportOptions.PreviousSigningKeySetting, previous) + " Leave it empty when no rotation is under way.");
            }
            else if (!options.HasSigningKey)
            {
                // A previous key beside a random one would keep old links alive while new ones die with the process.
                errors.Add($"{ExportOptions.PreviousSigningKeySetting} is set but {ExportOptions.SigningKeySetting} is not: " +
                    "during a rotation the new key goes in SigningKey and the old one in PreviousSigningKey.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string? Problem(string value)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return "the value set is not base64";
        }

        return key.Length >= ExportOptions.MinimumSigningKeyBytes ? null : $"the value set decodes to {key.Length} bytes";
    }

    private static string Fail(string setting, string why) =>
        $"{setting} must be base64 of at least {ExportOptions.MinimumSigningKeyBytes} random bytes " +
        $"(e.g. the output of 'openssl rand -base64 32'), but {why}.";
}

/// <summary>
/// Short-lived signed export links. The token names the kind of export, the workspace, the person and an expiry,
/// signed with HMAC-SHA256: nobody can forge one for another workspace or turn a pipeline link into a workspace
/// export, and a leaked link stops working within minutes. Links are signed with the current key and verified against
/// it and the previous one, so a key can be rotated without breaking the links just handed out.
/// </summary>
public sealed class ExportLinks(IOptions<ExportOptions> options, TimeProvider time, IServer? server = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>Where a workspace export link points.</summary>
    public const string WorkspacePath = "/api/workspace/export";

    private readonly SignedTokens tokens = new(options.Value);

    /// <summary>A pipeline (CSV) link.</summary>
    public string Create(WorkspaceKey workspace, string userId) => Create(ExportKind.Pipeline, workspace, userId);

    public string Create(ExportKind kind, WorkspaceKey workspace, string userId)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var token = tokens.Sign(KindName(kind), workspace.TenantId, workspace.WorkspaceId, userId, expires);
        var path = kind == ExportKind.Workspace ? WorkspacePath : "/api/followthrough/export";
        return BaseUrl().TrimEnd('/') + path + "?token=" + Uri.EscapeDataString(token);
    }

    /// <summary>The configured public address, or else the app's own listening address.</summary>
    private string BaseUrl() => SignedTokens.BaseUrl(options.Value, server);

    /// <summary>The workspace and user a pipeline token was made for, or null when it is malformed, forged, expired or of another kind.</summary>
    public (WorkspaceKey Workspace, string UserId)? Verify(string? token) =>
        Check(token, ExportKind.Pipeline) is { Status: ExportLinkStatus.Valid, Workspace: { } workspace, UserId: { } userId } ? (workspace, userId) : null;

    /// <summary>Whether <paramref name="token"/> opens the export <paramref name="kind"/>, and if not, why.</summary>
    public ExportLinkCheck Check(string? token, ExportKind kind)
    {
        var fields = tokens.Verify(token);
        if (fields is not { Length: 5 } || !long.TryParse(fields[4], CultureInfo.InvariantCulture, out var expires))
        {
            return new(ExportLinkStatus.Invalid);
        }

        // The kind before the expiry: a stale link of another kind is answered as of another kind, not as expired.
        if (fields[0] != KindName(kind))
        {
            return new(ExportLinkStatus.OtherKind);
        }

        if (time.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            return new(ExportLinkStatus.Expired);
        }

        return new(ExportLinkStatus.Valid, new WorkspaceKey(fields[1], fields[2]), fields[3]);
    }

    private static string KindName(ExportKind kind) => kind switch
    {
        ExportKind.Pipeline => "pipeline",
        ExportKind.Workspace => "workspace",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown export kind."),
    };
}
