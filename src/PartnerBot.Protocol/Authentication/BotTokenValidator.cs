using System.Security.Claims;
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

    internal static TokenValidationOutcome Fail(string reason) => new(null, reason);
}

/// <summary>Checks the bearer token of a request to the messaging endpoint.</summary>
public interface IBotTokenValidator
{
    /// <summary>Validates the <c>Authorization</c> header value against the activity it came with.</summary>
    Task<TokenValidationOutcome> ValidateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}

/// <summary>
/// Validates channel tokens as the Bot Framework does (issuer, audience, lifetime, RS256/384/512,
/// key endorsement of the channel, serviceurl claim), and Entra tokens for a configured tenant.
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
    private readonly TrustedServiceUrls trustedServiceUrls;
    private readonly TimeProvider timeProvider;
    private readonly JsonWebTokenHandler handler = new();

    public BotTokenValidator(
        IOptions<BotOptions> options,
        IHttpClientFactory httpClientFactory,
        TrustedServiceUrls trustedServiceUrls,
        TimeProvider timeProvider,
        ILogger<BotTokenValidator> logger)
    {
        this.options = options.Value;
        this.trustedServiceUrls = trustedServiceUrls;
        this.timeProvider = timeProvider;
        var http = httpClientFactory.CreateClient(BotHttpClients.OpenIdMetadata);
        channelKeys = new SigningKeySource(this.options.OpenIdMetadataUrl, http, timeProvider, logger);
        if (!string.IsNullOrWhiteSpace(this.options.TenantId))
        {
            entraKeys = new SigningKeySource(this.options.ResolvedEntraOpenIdMetadataUrl, http, timeProvider, logger);
            entraIssuers = new HashSet<string>(StringComparer.Ordinal)
            {
                $"https://login.microsoftonline.com/{this.options.TenantId}/v2.0",
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
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return TokenValidationOutcome.Fail("no Authorization header");
        }

        if (!authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Fail("the Authorization header is not a bearer token");
        }

        var raw = authorizationHeader["Bearer ".Length..].Trim();
        JsonWebToken token;
        try
        {
            token = handler.ReadJsonWebToken(raw);
        }
        catch (ArgumentException ex)
        {
            return TokenValidationOutcome.Fail("the token is not a JWT: " + ex.Message);
        }

        var isChannelToken = token.Issuer == BotFrameworkIssuer;
        var source = isChannelToken ? channelKeys : entraIssuers.Contains(token.Issuer) ? entraKeys : null;
        if (source is null)
        {
            return TokenValidationOutcome.Fail($"issuer '{token.Issuer}' is not trusted");
        }

        if (!AllowedAlgorithms.Contains(token.Alg, StringComparer.Ordinal))
        {
            return TokenValidationOutcome.Fail($"algorithm '{token.Alg}' is not allowed");
        }

        if (string.IsNullOrEmpty(token.Kid))
        {
            return TokenValidationOutcome.Fail("the token names no signing key");
        }

        var key = await source.FindAsync(token.Kid, cancellationToken);
        if (key is null)
        {
            return TokenValidationOutcome.Fail($"signing key '{token.Kid}' is unknown");
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
            return TokenValidationOutcome.Fail(result.Exception?.Message ?? "the token is not valid");
        }

        if (isChannelToken && (activity.ChannelId is null || !key.Endorsements.Contains(activity.ChannelId)))
        {
            return TokenValidationOutcome.Fail($"signing key is not endorsed for channel '{activity.ChannelId}'");
        }

        var serviceUrlClaim = result.ClaimsIdentity.FindFirst("serviceurl")?.Value;
        // Channel tokens must carry the claim; Entra tokens do not, but when one does it must match too.
        if ((isChannelToken || serviceUrlClaim is not null)
            && !string.Equals(serviceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return TokenValidationOutcome.Fail("the serviceurl claim does not match the activity's serviceUrl");
        }

        if (!string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            trustedServiceUrls.Add(activity.ServiceUrl);
        }

        return new TokenValidationOutcome(result.ClaimsIdentity, null);
    }

    // The library's default validator reads the machine clock; ours uses TimeProvider so tests can move time.
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return expires is not null
            && (notBefore is null || notBefore.Value - parameters.ClockSkew <= now)
            && expires.Value + parameters.ClockSkew >= now;
    }
}
