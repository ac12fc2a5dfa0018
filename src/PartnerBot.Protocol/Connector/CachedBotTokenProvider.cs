using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Connector;

/// <summary>
/// The bot's outbound token from a client secret (MSAL) or a user-assigned managed identity
/// (Azure.Identity), cached until five minutes before it expires. One refresh runs at a time, so a
/// burst of replies at expiry asks Entra once. When the configured identity changes (a rotated client
/// secret arriving through a configuration reload), the cached token is dropped and the next request
/// asks Entra with the new values, without a restart.
/// </summary>
internal sealed class CachedBotTokenProvider : IBotTokenProvider, IDisposable
{
    internal const string Scope = "https://api.botframework.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly Func<BotOptions, Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresOn)>>?> createAcquirer;
    private readonly TimeProvider timeProvider;
    private readonly SemaphoreSlim refreshLock = new(1, 1);
    private readonly IDisposable? changes;

    // The identity, its acquirer and its cached token are swapped together, so a token fetched with an old secret
    // while a change arrives is kept only by the state it was fetched for, never by the new one.
    private volatile State state;

    public CachedBotTokenProvider(IOptionsMonitor<BotOptions> options, TimeProvider timeProvider)
        : this(options, timeProvider, msalHttpClientFactory: null)
    {
    }

    /// <summary>With <paramref name="msalHttpClientFactory"/>, MSAL's calls to Entra go through it (tests).</summary>
    internal CachedBotTokenProvider(IOptionsMonitor<BotOptions> options, TimeProvider timeProvider, IMsalHttpClientFactory? msalHttpClientFactory)
        : this(o => CreateAcquirer(o, msalHttpClientFactory), options.CurrentValue, timeProvider)
    {
        changes = options.OnChange(OnOptionsChanged);
    }

    internal CachedBotTokenProvider(Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresOn)>>? acquire, TimeProvider timeProvider)
        : this(_ => acquire, new BotOptions(), timeProvider)
    {
    }

    private CachedBotTokenProvider(
        Func<BotOptions, Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresOn)>>?> createAcquirer,
        BotOptions initial,
        TimeProvider timeProvider)
    {
        this.createAcquirer = createAcquirer;
        this.timeProvider = timeProvider;
        state = new State(Identity.Of(initial), createAcquirer(initial));
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var current = state;
        if (current.Acquire is null)
        {
            return null;
        }

        if (current.Cached is { } fresh && IsFresh(fresh))
        {
            return fresh.Token;
        }

        await refreshLock.WaitAsync(cancellationToken);
        try
        {
            current = state;
            if (current.Acquire is null)
            {
                return null;
            }

            if (current.Cached is not { } cached || !IsFresh(cached))
            {
                var (token, expiresOn) = await current.Acquire(cancellationToken);
                cached = new CachedToken(token, expiresOn);
                current.Cached = cached;
            }

            return cached.Token;
        }
        finally
        {
            refreshLock.Release();
        }
    }

    public void Dispose()
    {
        changes?.Dispose();
        refreshLock.Dispose();
    }

    private void OnOptionsChanged(BotOptions options)
    {
        // A reload that changed something else (a timeout, a trusted URL) keeps the token; a new secret, app id,
        // tenant or identity drops it, so no request after the change is sent with a token of the old credential.
        var identity = Identity.Of(options);
        if (identity != state.Identity)
        {
            state = new State(identity, createAcquirer(options));
        }
    }

    private bool IsFresh(CachedToken token) => token.ExpiresOn - RefreshMargin > timeProvider.GetUtcNow();

    private static Func<CancellationToken, Task<(string, DateTimeOffset)>>? CreateAcquirer(BotOptions options, IMsalHttpClientFactory? httpClientFactory)
    {
        if (options.IsDevelopmentMode)
        {
            return null;
        }

        if (options.AppType == BotAppTypes.UserAssignedMsi)
        {
            var credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
            return async ct =>
            {
                var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), ct);
                return (token.Token, token.ExpiresOn);
            };
        }

        // Single-tenant bots get tokens from their own tenant; multi-tenant ones from botframework.com.
        var tenant = options.AppType == BotAppTypes.SingleTenant ? options.TenantId : "botframework.com";
        var builder = ConfidentialClientApplicationBuilder.Create(options.AppId)
            .WithClientSecret(options.AppPassword)
            .WithAuthority($"https://login.microsoftonline.com/{tenant}");
        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        // A new application per credential: MSAL's own token cache belongs to it, so a token of the old secret
        // cannot be served from there either.
        var app = builder.Build();
        return async ct =>
        {
            var result = await app.AcquireTokenForClient([Scope]).ExecuteAsync(ct);
            return (result.AccessToken, result.ExpiresOn);
        };
    }

    /// <summary>The settings a token depends on.</summary>
    private sealed record Identity(string? AppId, string AppType, string? TenantId, string? AppPassword, string? ManagedIdentityClientId)
    {
        public static Identity Of(BotOptions o) => new(o.AppId, o.AppType, o.TenantId, o.AppPassword, o.ManagedIdentityClientId);
    }

    private sealed class State(Identity identity, Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresOn)>>? acquire)
    {
        public Identity Identity { get; } = identity;

        public Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresOn)>>? Acquire { get; } = acquire;

        // A reference, so a reader outside the lock sees a whole token or none.
        public volatile CachedToken? Cached;
    }

    private sealed record CachedToken(string Token, DateTimeOffset ExpiresOn);
}
