using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace PartnerBot.Protocol.Authentication;

/// <summary>A signing key and the channels it may sign for (empty for Entra keys, which carry no endorsements).</summary>
internal sealed record SigningKey(SecurityKey Key, IReadOnlySet<string> Endorsements);

/// <summary>
/// The signing keys behind one OpenID metadata document, fetched on first use, refreshed daily,
/// and refreshed early when a token names a key we do not know (at most once per five minutes,
/// so a stream of forged key ids cannot turn us into a load generator against the metadata host).
/// </summary>
internal sealed class SigningKeySource(
    string metadataUrl,
    HttpClient httpClient,
    TimeProvider timeProvider,
    ILogger logger)
{
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(12);
    internal static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromMinutes(5);
    internal static readonly TimeSpan FailedRefreshRetryInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim refreshLock = new(1, 1);
    private IReadOnlyDictionary<string, SigningKey> keys = new Dictionary<string, SigningKey>();
    private DateTimeOffset lastRefresh = DateTimeOffset.MinValue;
    private DateTimeOffset lastAttempt = DateTimeOffset.MinValue;

    /// <summary>The key with this id, refreshing the set if it is stale or the id is new.</summary>
    public async Task<SigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (now - lastRefresh > RefreshInterval)
        {
            await RefreshAsync(force: false, cancellationToken);
        }

        if (keys.TryGetValue(keyId, out var key))
        {
            return key;
        }

        if (timeProvider.GetUtcNow() - lastAttempt > UnknownKeyRefreshInterval)
        {
            await RefreshAsync(force: true, cancellationToken);
        }

        return keys.GetValueOrDefault(keyId);
    }

    private async Task RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await refreshLock.WaitAsync(cancellationToken);
        try
        {
            var now = timeProvider.GetUtcNow();
            // Another caller may have refreshed while we waited.
            // While the metadata host is down, try again once a minute rather than on every request.
            if (force
                ? now - lastAttempt <= UnknownKeyRefreshInterval
                : now - lastRefresh <= RefreshInterval || now - lastAttempt <= FailedRefreshRetryInterval)
            {
                return;
            }

            lastAttempt = now;
            try
            {
                keys = await FetchKeysAsync(cancellationToken);
                lastRefresh = now;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or ArgumentException or TaskCanceledException)
            {
                // Keep the keys we have: a metadata outage must not lock out every channel.
                logger.LogError(ex, "Could not refresh signing keys from {MetadataUrl}", metadataUrl);
            }
        }
        finally
        {
            refreshLock.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>> FetchKeysAsync(CancellationToken cancellationToken)
    {
        var metadata = JsonNode.Parse(await httpClient.GetStringAsync(new Uri(metadataUrl), cancellationToken))
            ?? throw new InvalidOperationException("The OpenID metadata is empty.");
        var jwksUri = metadata["jwks_uri"]?.GetValue<string>()
            ?? throw new InvalidOperationException("The OpenID metadata has no jwks_uri.");
        var jwks = JsonNode.Parse(await httpClient.GetStringAsync(new Uri(jwksUri), cancellationToken))
            ?? throw new InvalidOperationException("The key set is empty.");

        var result = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var node in jwks["keys"]?.AsArray() ?? [])
        {
            if (node is not JsonObject keyObject || keyObject["kid"]?.GetValue<string>() is not { } kid)
            {
                continue;
            }

            var endorsements = keyObject["endorsements"]?.AsArray()
                .Select(e => e?.GetValue<string>())
                .OfType<string>()
                .ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
            // Convert once, so each validation reuses the same RSA key and its cached verifier.
            var jsonWebKey = new JsonWebKey(keyObject.ToJsonString());
            var key = JsonWebKeyConverter.TryConvertToSecurityKey(jsonWebKey, out var converted) ? converted : jsonWebKey;
            result[kid] = new SigningKey(key, endorsements);
        }

        return result;
    }
}
