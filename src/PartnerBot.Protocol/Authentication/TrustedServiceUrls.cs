using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Authentication;

/// <summary>
/// The service URLs that may receive the bot's token: configured prefixes, plus every URL that
/// arrived on a request whose token we validated. Anything else could be an attacker's server.
/// </summary>
public sealed class TrustedServiceUrls
{
    private readonly IReadOnlyList<string> configuredPrefixes;
    private readonly ConcurrentDictionary<string, byte> validated = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the set from the configured prefixes.</summary>
    public TrustedServiceUrls(IOptions<BotOptions> options)
    {
        configuredPrefixes = [.. options.Value.EffectiveTrustedServiceUrls.Select(Normalize)];
    }

    /// <summary>Records a service URL that came with a validated token.</summary>
    public void Add(string serviceUrl) => validated.TryAdd(Normalize(serviceUrl), 0);

    /// <summary>True when the bot's token may be sent to this service URL.</summary>
    public bool IsTrusted(string serviceUrl)
    {
        var normalized = Normalize(serviceUrl);
        return validated.ContainsKey(normalized)
            || configuredPrefixes.Any(prefix => normalized.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    // Compare with one trailing slash so "https://x/amer" and "https://x/amer/" are the same URL,
    // and a prefix "https://x/" cannot match "https://x.evil.example/".
    private static string Normalize(string url) => url.TrimEnd('/') + "/";
}
