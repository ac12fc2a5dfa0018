using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Connector;

/// <summary>
/// The bot's outbound token from a client secret (MSAL) or a user-assigned managed identity
/// (Azure.Identity), cached until five minutes before it expires. One refresh runs at a time, so a
/// burst of replies at expiry asks Entra once.
/// </summary>
internal sealed class CachedBotTokenProvider : IBotTokenProvider
{
    internal const string Scope = "https://api.botframework.com/.default";
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresOn)>>? acquire;
    private readonly TimeProvider timeProvider;
    private readonly SemaphoreSlim refreshLock = new(1, 1);
    private (string Token, DateTimeOffset ExpiresOn)? cached;

    public CachedBotTokenProvider(IOptions<BotOptions> options, TimeProvider timeProvider)
        : this(CreateAcquirer(options.Value), timeProvider)
    {
    }

    internal CachedBotTokenProvider(Func<CancellationToken, Task<(string Token, DateTimeOffset ExpiresOn)>>? acquire, TimeProvider timeProvider)
    {
        this.acquire = acquire;
        this.timeProvider = timeProvider;
    }

    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (acquire is null)
        {
            return null;
        }

        if (IsFresh(cached))
        {
            return cached!.Value.Token;
        }

        await refreshLock.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(cached))
            {
                cached = await acquire(cancellationToken);
            }

            return cached!.Value.Token;
        }
        finally
        {
            refreshLock.Release();
        }
    }

    private bool IsFresh((string Token, DateTimeOffset ExpiresOn)? token) =>
        token is not null && token.Value.ExpiresOn - RefreshMargin > timeProvider.GetUtcNow();

    private static Func<CancellationToken, Task<(string, DateTimeOffset)>>? CreateAcquirer(BotOptions options)
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
        var app = ConfidentialClientApplicationBuilder.Create(options.AppId)
            .WithClientSecret(options.AppPassword)
            .WithAuthority($"https://login.microsoftonline.com/{tenant}")
            .Build();
        return async ct =>
        {
            var result = await app.AcquireTokenForClient([Scope]).ExecuteAsync(ct);
            return (result.AccessToken, result.ExpiresOn);
        };
    }
}
