namespace PartnerBot.Protocol.Hosting;

/// <summary>The bot's identity and protocol limits, bound from the configuration section <c>Bot</c> (env form <c>Bot__AppId</c>).</summary>
public sealed class BotOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Bot";

    /// <summary>The Bot Framework channel's OpenID metadata.</summary>
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The Entra OpenID metadata; <c>{tenantId}</c> is replaced by <see cref="TenantId"/>.</summary>
    public const string DefaultEntraOpenIdMetadataUrl = "https://login.microsoftonline.com/{tenantId}/v2.0/.well-known/openid-configuration";

    /// <summary>The Microsoft App ID of the bot. Empty means development mode.</summary>
    public string? AppId { get; set; }

    /// <summary><c>SingleTenant</c>, <c>MultiTenant</c> or <c>UserAssignedMSI</c>.</summary>
    public string AppType { get; set; } = BotAppTypes.SingleTenant;

    /// <summary>The Entra tenant of the bot; required for single-tenant and managed-identity bots.</summary>
    public string? TenantId { get; set; }

    /// <summary>The client secret, for <c>SingleTenant</c> and <c>MultiTenant</c>.</summary>
    public string? AppPassword { get; set; }

    /// <summary>The client id of the user-assigned managed identity, for <c>UserAssignedMSI</c>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Where channel tokens' signing keys are published.</summary>
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Where Entra tokens' signing keys are published (used only with a <see cref="TenantId"/>).</summary>
    public string EntraOpenIdMetadataUrl { get; set; } = DefaultEntraOpenIdMetadataUrl;

    /// <summary>
    /// Service URL prefixes that may receive the bot's messages and token even before a validated request came from
    /// them. They add to <see cref="DefaultTrustedServiceUrls"/>.
    /// </summary>
    public IList<string> TrustedServiceUrls { get; set; } = [];

    /// <summary>
    /// App ids (the <c>azp</c> or <c>appid</c> claim) besides the bot's own whose Entra-issued tokens are accepted.
    /// Empty by default: only the Bot Framework channel and the bot itself get in.
    /// </summary>
    public IList<string> AllowedCallers { get; set; } = [];

    /// <summary>How long a fetch of signing keys may take before the cached keys are used (or the request refused).</summary>
    public TimeSpan OpenIdMetadataTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest accepted request body, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 262_144;

    /// <summary>
    /// How long a request waits for the bot before acknowledging; the turn then goes on in the background.
    /// Below the channel's 15 seconds, so the answer arrives in time.
    /// </summary>
    public TimeSpan AcknowledgeAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many attempts an outbound call gets in total (retries included).</summary>
    public int ConnectorMaxAttempts { get; set; } = 4;

    /// <summary>The first retry delay when the connector gives no <c>Retry-After</c>; it doubles each attempt.</summary>
    public TimeSpan ConnectorRetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True when no app id is configured: no tokens are checked or sent, and only loopback callers are accepted.</summary>
    public bool IsDevelopmentMode => string.IsNullOrWhiteSpace(AppId);

    /// <summary>The service URL prefixes trusted without configuration: Teams' public cloud.</summary>
    public static IReadOnlyList<string> DefaultTrustedServiceUrls { get; } = ["https://smba.trafficmanager.net/"];

    /// <summary>The defaults plus the configured service URL prefixes.</summary>
    internal IReadOnlyList<string> EffectiveTrustedServiceUrls =>
        [.. DefaultTrustedServiceUrls, .. TrustedServiceUrls.Where(url => !string.IsNullOrWhiteSpace(url))];

    /// <summary>The Entra metadata URL with the tenant filled in.</summary>
    internal string ResolvedEntraOpenIdMetadataUrl =>
        EntraOpenIdMetadataUrl.Replace("{tenantId}", TenantId ?? string.Empty, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The values of <see cref="BotOptions.AppType"/>.</summary>
public static class BotAppTypes
{
    /// <summary>An app registration in one tenant, with a client secret.</summary>
    public const string SingleTenant = "SingleTenant";

    /// <summary>A multi-tenant app registration, with a client secret (deprecated for new bots).</summary>
    public const string MultiTenant = "MultiTenant";

    /// <summary>A user-assigned managed identity.</summary>
    public const string UserAssignedMsi = "UserAssignedMSI";
}
