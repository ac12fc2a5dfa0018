using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace PartnerBot.Protocol.Authentication;

/// <summary>A signing key and the channels it may sign for (empty for Entra keys, which carry no endorsements).</summary>
internal sealed record SigningKey(SecurityKey Key, IReadOnlySet<string> Endorsements);

/// <summary>
/// The signing keys behind one OpenID metadata document. The first use waits (bounded) for the keys; after that a
/// request never waits for a routine refresh: keys older than <see cref="RefreshInterval"/> are refreshed in the
/// background, with their own deadline, while the cached ones keep validating. A token naming a key we do not
/// know waits at most once, for a bounded refresh, at most once per <see cref="UnknownKeyRefreshInterval"/>, so a
/// stream of forged key ids cannot turn us into a load generator against the metadata host.
/// </summary>
internal sealed class SigningKeySource(
    string metadataUrl,
    HttpClient httpClient,
    TimeProvider timeProvider,
    TimeSpan timeout,
    bool requireHttps,
    ILogger logger)
{
    internal static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(12);
    internal static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromMinutes(5);
    internal static readonly TimeSpan FailedRefreshRetryInterval = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private IReadOnlyDictionary<string, SigningKey> keys = new Dictionary<string, SigningKey>();
    private DateTimeOffset lastRefresh = DateTimeOffset.MinValue;
    private DateTimeOffset lastAttempt = DateTimeOffset.MinValue;
    private Task? refreshing;

    private DateTimeOffset LastRefresh
    {
        get
        {
            lock (gate)
            {
                return lastRefresh;
            }
        }
    }

    /// <summary>The key with this id, or null when it is unknown (or no keys could be had in time).</summary>
    public async Task<SigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (Volatile.Read(ref keys).Count == 0)
        {
            // Nothing cached: this request can only be checked once keys arrive.
            await WaitBoundedAsync(StartRefresh(FailedRefreshRetryInterval), cancellationToken);
            return Volatile.Read(ref keys).GetValueOrDefault(keyId);
        }

        if (now - LastRefresh > RefreshInterval)
        {
            // Stale but usable: refresh behind the request's back.
            _ = StartRefresh(FailedRefreshRetryInterval);
        }

        if (Volatile.Read(ref keys).TryGetValue(keyId, out var key))
        {
            return key;
        }

        await WaitBoundedAsync(StartRefresh(UnknownKeyRefreshInterval), cancellationToken);
        return Volatile.Read(ref keys).GetValueOrDefault(keyId);
    }

    /// <summary>The refresh under way, a new one if none ran within <paramref name="minimumGap"/>, else null.</summary>
    private Task? StartRefresh(TimeSpan minimumGap)
    {
        lock (gate)
        {
            if (refreshing is { IsCompleted: false })
            {
                return refreshing;
            }

            var now = timeProvider.GetUtcNow();
            if (now - lastAttempt <= minimumGap)
            {
                return null;
            }

            lastAttempt = now;
            refreshing = Task.Run(RefreshAsync, CancellationToken.None);
            return refreshing;
        }
    }

    private async Task WaitBoundedAsync(Task? refresh, CancellationToken cancellationToken)
    {
        if (refresh is null)
        {
            return;
        }

        try
        {
            await refresh.WaitAsync(timeout, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The refresh goes on without us; this request is judged on the keys we have.
        }
    }

    private async Task RefreshAsync()
    {
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        try
        {
            var fetched = await FetchKeysAsync(deadline.Token);
            lock (gate)
            {
                Volatile.Write(ref keys, fetched);
                lastRefresh = timeProvider.GetUtcNow();
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or ArgumentException or FormatException or OperationCanceledException)
        {
            // Keep the keys we have: a metadata outage must not lock out every channel.
            logger.LogError(ex, "Could not refresh signing keys from {MetadataUrl}", metadataUrl);
        }
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>> FetchKeysAsync(CancellationToken cancellationToken)
    {
        var metadata = JsonNode.Parse(await httpClient.GetStringAsync(new Uri(metadataUrl), cancellationToken))
            ?? throw new InvalidOperationException("The OpenID metadata is empty.");
        var jwksUri = metadata["jwks_uri"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? new Uri(text, UriKind.Absolute)
            : throw new InvalidOperationException("The OpenID metadata has no jwks_uri.");
        if (requireHttps && jwksUri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"The OpenID metadata's jwks_uri '{jwksUri}' is not https.");
        }

        var jwks = JsonNode.Parse(await httpClient.GetStringAsync(jwksUri, cancellationToken))
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
