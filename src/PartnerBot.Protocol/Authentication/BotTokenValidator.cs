using System.Security.Claims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Authentication;

/// <summary>The outcome of checking an inbound request's token.</summary>
/// <param name="Identity">The validated identity, when the token is good.</param>
/// <param name="Failure">Why the token was refused, for the log (never sent to the caller).</param>
public sealed record TokenValidationOutcome(ClaimsIdentity? Identity, string? Failure)
{
    /// <summary>True when the token is good.</summary>
    public bool IsValid => Identity is not null;

    /// <summary>Why the token was refused as a short fixed code (e.g. <c>bad_signature</c>), for metrics; null when valid.</summary>
    public string? Reason { get; init; }

    internal static TokenValidationOutcome Fail(string code, string reason) => new(null, reason) { Reason = code };
}

/// <summary>Checks the bearer token of a request to the messaging endpoint.</summary>
public interface IBotTokenValidator
{
    /// <summary>Validates the <c>Authorization</c> header value against the activity it came with.</summary>
    Task<TokenValidationOutcome> ValidateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}

/// <summary>
/// Validates channel tokens as the Bot Framework does (issuer, audience, lifetime, RS256/384/512, key endorsement
/// of the channel, <c>serviceurl</c> claim, which then binds that service URL), and Entra-issued tokens of the
/// configured tenant, but only from the bot itself or a configured caller (<c>Bot:AllowedCallers</c>): any app in
/// the tenant can get an Entra token for our audience. An Entra token binds no service URL, so its activity must
/// name one that is already trusted.
/// </summary>
internal sealed class BotTokenValidator : IBotTokenValidator
{
    internal const string BotFrameworkIssuer = "https://api.botframework.com";
    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotOptions options;
    private readonly SigningKeySource channelKeys;
    private readonly SigningKeySource? entraKeys;
    private readonly IReadOnlySet<string> entraIssuers;
    private readonly string? entraV2Issuer;
    private readonly IReadOnlySet<string> allowedCallers;
    private readonly TrustedServiceUrls trustedServiceUrls;
    private readonly TimeProvider timeProvider;
    private readonly JsonWebTokenHandler handler = new();

    public BotTokenValidator(
        IOptions<BotOptions> options,
        IHttpClientFactory httpClientFactory,
        TrustedServiceUrls trustedServiceUrls,
        TimeProvider timeProvider,
        ILogger<BotTokenValidator> logger,
        IHostEnvironment? environment = null)
    {
        this.options = options.Value;
        this.trustedServiceUrls = trustedServiceUrls;
        this.timeProvider = timeProvider;
        var http = httpClientFactory.CreateClient(BotHttpClients.OpenIdMetadata);
        var requireHttps = environment?.IsDevelopment() != true;
        var timeout = this.options.OpenIdMetadataTimeout;
        channelKeys = new SigningKeySource(this.options.OpenIdMetadataUrl, http, timeProvider, timeout, requireHttps, logger);
        allowedCallers = new HashSet<string>(
            [this.options.AppId ?? string.Empty, .. this.options.AllowedCallers.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim())],
            StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(this.options.TenantId))
        {
            entraKeys = new SigningKeySource(this.options.ResolvedEntraOpenIdMetadataUrl, http, timeProvider, timeout, requireHttps, logger);
            entraV2Issuer = $"https://login.microsoftonline.com/{this.options.TenantId}/v2.0";
            entraIssuers = new HashSet<string>(StringComparer.Ordinal)
            {
                entraV2Issuer,
                $"https://sts.windows.net/{this.options.TenantId}/",
            };
        }
        else
        {
            entraIssuers = new HashSet<string>();
        }
    }

    public async Task<TokenValidationOutcome> ValidateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            return await ValidateCoreAsync(authorizationHeader, activity, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A header, claim or key of an unexpected shape is a refusal, never a server error.
            return TokenValidationOutcome.Fail("unreadable", $"the token could not be read ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private async Task<TokenValidationOutcome> ValidateCoreAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return TokenValidationOutcome.Fail("no_header", "no Authorization header");
        }

        if (!authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Fail("not_bearer", "the Authorization header is not a bearer token");
        }

        var raw = authorizationHeader["Bearer ".Length..].Trim();
        JsonWebToken token;
        try
        {
            token = handler.ReadJsonWebToken(raw);
        }
        catch (ArgumentException ex)
        {
            return TokenValidationOutcome.Fail("not_jwt", "the token is not a JWT: " + ex.Message);
        }

        var isChannelToken = token.Issuer == BotFrameworkIssuer;
        var source = isChannelToken ? channelKeys : entraIssuers.Contains(token.Issuer) ? entraKeys : null;
        if (source is null)
        {
            return TokenValidationOutcome.Fail("untrusted_issuer", $"issuer '{token.Issuer}' is not trusted");
        }

        if (!AllowedAlgorithms.Contains(token.Alg, StringComparer.Ordinal))
        {
            return TokenValidationOutcome.Fail("disallowed_algorithm", $"algorithm '{token.Alg}' is not allowed");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return TokenValidationOutcome.Fail("no_key_id", "the token names no signing key");
        }

        var key = await source.FindAsync(token.Kid, cancellationToken);
        if (key is null)
        {
            return TokenValidationOutcome.Fail("unknown_key", $"signing key '{token.Kid}' is unknown");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuers = isChannelToken ? [BotFrameworkIssuer] : entraIssuers,
            ValidAudience = options.AppId,
            ValidateAudience = true,
            ValidateIssuer = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(5),
            IssuerSigningKey = key.Key,
            TryAllIssuerSigningKeys = false,
            ValidAlgorithms = AllowedAlgorithms,
            LifetimeValidator = ValidateLifetime,
        };

        var result = await handler.ValidateTokenAsync(raw, parameters);
        if (!result.IsValid)
        {
            return TokenValidationOutcome.Fail(InvalidReason(result.Exception), result.Exception?.Message ?? "the token is not valid");
        }

        if (isChannelToken && (activity.ChannelId is null || !key.Endorsements.Contains(activity.ChannelId)))
        {
            return TokenValidationOutcome.Fail("not_endorsed", $"signing key is not endorsed for channel '{activity.ChannelId}'");
        }

        return isChannelToken
            ? await CheckChannelTokenAsync(result.ClaimsIdentity, activity, cancellationToken)
            : await CheckEntraTokenAsync(result.ClaimsIdentity, token.Issuer, activity, cancellationToken);
    }

    /// <summary>A channel token binds the activity's service URL through its <c>serviceurl</c> claim.</summary>
    private async Task<TokenValidationOutcome> CheckChannelTokenAsync(ClaimsIdentity identity, Activity activity, CancellationToken cancellationToken)
    {
        var serviceUrlClaim = identity.FindFirst("serviceurl")?.Value;
        if (string.IsNullOrEmpty(serviceUrlClaim)
            || !string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Fail("service_url_mismatch", "the serviceurl claim does not match the activity's serviceUrl");
        }

        if (!await trustedServiceUrls.BindAsync(activity.ServiceUrl, cancellationToken))
        {
            return TokenValidationOutcome.Fail("untrusted_service_url", $"the service URL '{activity.ServiceUrl}' is not an address the bot may send to");
        }

        return new TokenValidationOutcome(identity, null);
    }

    /// <summary>
    /// An Entra token proves only that some app of the tenant asked for it: the requester (<c>azp</c> in v2,
    /// <c>appid</c> in v1, matching <c>ver</c>) must be the bot itself or a configured caller, and the activity's
    /// service URL must already be trusted, since the token binds none.
    /// </summary>
    private async Task<TokenValidationOutcome> CheckEntraTokenAsync(ClaimsIdentity identity, string issuer, Activity activity, CancellationToken cancellationToken)
    {
        var isV2 = issuer == entraV2Issuer;
        var version = identity.FindFirst("ver")?.Value;
        if (version != (isV2 ? "2.0" : "1.0"))
        {
            return TokenValidationOutcome.Fail("entra_version", $"an Entra token from '{issuer}' has version '{version}'");
        }

        var requester = identity.FindFirst(isV2 ? "azp" : "appid")?.Value;
        if (string.IsNullOrWhiteSpace(requester))
        {
            return TokenValidationOutcome.Fail("no_requester", "the Entra token names no requesting app");
        }

        if (!allowedCallers.Contains(requester))
        {
            return TokenValidationOutcome.Fail("caller_not_allowed", $"app '{requester}' is not an allowed caller (Bot:AllowedCallers)");
        }

        var serviceUrlClaim = identity.FindFirst("serviceurl")?.Value;
        if (serviceUrlClaim is not null && !string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Fail("service_url_mismatch", "the serviceurl claim does not match the activity's serviceUrl");
        }

        if (!await trustedServiceUrls.IsTrustedAsync(activity.ServiceUrl, cancellationToken))
        {
            return TokenValidationOutcome.Fail("untrusted_service_url", $"an Entra token binds no service URL, and '{activity.ServiceUrl}' is not trusted");
        }

        return new TokenValidationOutcome(identity, null);
    }

    private static string InvalidReason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException or SecurityTokenNotYetValidException or SecurityTokenNoExpirationException => "lifetime",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "bad_signature",
        SecurityTokenInvalidAudienceException => "wrong_audience",
        SecurityTokenInvalidIssuerException => "untrusted_issuer",
        SecurityTokenInvalidAlgorithmException => "disallowed_algorithm",
        _ => "invalid_token",
    };

    // The library's default validator reads the machine clock; ours uses TimeProvider so tests can move time.
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return expires is not null
            && (notBefore is null || notBefore.Value - parameters.ClockSkew <= now)
            && expires.Value + parameters.ClockSkew >= now;
    }
}
