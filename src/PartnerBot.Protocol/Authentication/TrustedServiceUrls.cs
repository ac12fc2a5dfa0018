using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Authentication;

/// <summary>
/// The one rule for where the bot may send anything (its token above all). A service URL is trusted when it is
/// <list type="bullet">
/// <item>under a configured prefix (Teams' public cloud, plus <c>Bot:TrustedServiceUrls</c>);</item>
/// <item>bound by the <c>serviceurl</c> claim of a validated channel token, here or on another instance
/// (such URLs are kept in an <see cref="IServiceUrlRegistry"/>, and conversation references are only stored
/// for them, so proactive messages to other clouds keep working after a restart);</item>
/// <item>in development mode (no app id: no token is ever sent), on this machine.</item>
/// </list>
/// Outside the Development environment only <c>https</c> URLs qualify; in it, <c>http</c> on loopback too. A URL
/// with user info, a query or a fragment never qualifies. Nothing else receives a request.
/// </summary>
public sealed partial class TrustedServiceUrls
{
    /// <summary>How long a read or write of the registry may take; a turn must still answer in time.</summary>
    internal static readonly TimeSpan RegistryDeadline = TimeSpan.FromSeconds(3);

    private const byte NotRecorded = 0;
    private const byte Recorded = 1;

    private readonly IReadOnlyList<string> configuredPrefixes;
    private readonly ConcurrentDictionary<string, byte> bound = new(StringComparer.Ordinal);
    private readonly IServiceUrlRegistry registry;
    private readonly BotOptions options;
    private readonly bool developmentEnvironment;
    private readonly ILogger logger;

    /// <summary>Creates the rule from the settings; the registry keeps bound URLs beyond this process.</summary>
    public TrustedServiceUrls(
        IOptions<BotOptions> options,
        IServiceUrlRegistry registry,
        ILogger<TrustedServiceUrls> logger,
        IHostEnvironment? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.registry = registry;
        this.logger = logger;
        developmentEnvironment = environment?.IsDevelopment() ?? false;
        configuredPrefixes = [.. this.options.EffectiveTrustedServiceUrls.Select(Normalize).OfType<string>()];
    }

    /// <summary>True when the bot may send to this service URL (see the class summary).</summary>
    public async Task<bool> IsTrustedAsync(string? serviceUrl, CancellationToken cancellationToken)
    {
        if (Normalize(serviceUrl) is not { } normalized)
        {
            return false;
        }

        if (bound.ContainsKey(normalized)
            || configuredPrefixes.Any(prefix => normalized.StartsWith(prefix, StringComparison.Ordinal))
            || (options.IsDevelopmentMode && IsLoopback(normalized)))
        {
            return true;
        }

        // Fail closed: a URL we cannot confirm receives nothing this time.
        var found = false;
        if (await CallRegistryAsync(async ct => found = await registry.ContainsAsync(normalized, ct), cancellationToken) && found)
        {
            bound.TryAdd(normalized, Recorded);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Records a service URL bound by the <c>serviceurl</c> claim of a validated channel token, so this and every
    /// other instance may send there later. False when the URL is not an acceptable address.
    /// </summary>
    public async Task<bool> BindAsync(string? serviceUrl, CancellationToken cancellationToken)
    {
        if (Normalize(serviceUrl) is not { } normalized)
        {
            return false;
        }

        if (bound.TryGetValue(normalized, out var recorded) && recorded == Recorded)
        {
            return true;
        }

        // Trusted here at once; recorded for the other instances (a failed record is tried again next time).
        bound[normalized] = NotRecorded;
        if (await CallRegistryAsync(ct => registry.AddAsync(normalized, ct), cancellationToken))
        {
            bound[normalized] = Recorded;
        }

        return true;
    }

    /// <summary>
    /// The canonical form (lower-case scheme and host, one trailing slash), or null for a URL that may never
    /// receive anything. One slash at the end means a prefix "https://x/" cannot match "https://x.evil.example/".
    /// </summary>
    internal string? Normalize(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || uri.UserInfo.Length > 0
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var https = uri.Scheme == Uri.UriSchemeHttps;
        var loopbackHttp = uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && (developmentEnvironment || options.IsDevelopmentMode);
        if (!https && !loopbackHttp)
        {
            return null;
        }

        var authority = uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{uri.Scheme}://{authority.ToLowerInvariant()}{uri.AbsolutePath.TrimEnd('/')}/";
    }

    /// <summary>One registry call within <see cref="RegistryDeadline"/>; false (and a log line) when it failed or took too long.</summary>
    private async Task<bool> CallRegistryAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(RegistryDeadline);
            await call(deadline.Token);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogRegistryFailed(logger, e);
            return false;
        }
    }

    private static bool IsLoopback(string normalized) =>
        Uri.TryCreate(normalized, UriKind.Absolute, out var uri) && uri.IsLoopback;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read or record trusted service URLs; the URL is not trusted this time")]
    private static partial void LogRegistryFailed(ILogger logger, Exception exception);
}

/// <summary>Service URLs bound by validated channel tokens, kept beyond one process (Table Storage in the app).</summary>
public interface IServiceUrlRegistry
{
    /// <summary>True when the (normalised) URL was recorded.</summary>
    Task<bool> ContainsAsync(string serviceUrl, CancellationToken cancellationToken);

    /// <summary>Records the (normalised) URL; recording it twice is harmless.</summary>
    Task AddAsync(string serviceUrl, CancellationToken cancellationToken);
}

/// <summary>The registry of a single process, used when the host provides none.</summary>
internal sealed class InMemoryServiceUrlRegistry : IServiceUrlRegistry
{
    private readonly ConcurrentDictionary<string, byte> urls = new(StringComparer.Ordinal);

    public Task<bool> ContainsAsync(string serviceUrl, CancellationToken cancellationToken) => Task.FromResult(urls.ContainsKey(serviceUrl));

    public Task AddAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        urls.TryAdd(serviceUrl, 0);
        return Task.CompletedTask;
    }
}
