using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PartnerBot.Protocol.Hosting;

/// <summary>
/// The one rule for "a person on this machine": used by development mode (no app id, no token) and by any local-only
/// endpoint, which checks no identity. A caller is local when it connects from loopback, no proxy or
/// tunnel forwarded the request (its forwarding headers give it away), and the server listens on loopback only,
/// so no other machine could have reached it at all.
/// </summary>
public static class LocalCallers
{
    private static readonly string[] ForwardingHeaders =
        ["X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Forwarded", "X-Original-Host", "X-Real-IP"];

    /// <summary>Null when the request comes from this machine; else why not, for the log.</summary>
    public static string? WhyNotLocal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        // TestServer and other in-process callers have no remote address; a network caller always has one.
        if (http.Connection.RemoteIpAddress is { } address
            && !IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address))
        {
            return $"the caller {address} is not on this machine";
        }

        foreach (var header in ForwardingHeaders)
        {
            if (http.Request.Headers.ContainsKey(header))
            {
                return $"the request was forwarded by a proxy or tunnel ({header})";
            }
        }

        var addresses = http.RequestServices.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses?.FirstOrDefault(a => !IsLoopbackAddress(a)) is { } open)
        {
            return $"the server also listens on {open}, which other machines can reach";
        }

        return null;
    }

    /// <summary>Endpoints that check no identity: a caller not on this machine gets <paramref name="refusal"/> instead.</summary>
    public static TBuilder ForLocalCallersOnly<TBuilder>(this TBuilder endpoints, Func<IResult> refusal)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return endpoints.AddEndpointFilter(async (context, next) =>
            WhyNotLocal(context.HttpContext) is null ? await next(context) : refusal());
    }

    /// <summary>True for a listen address on loopback only (<c>localhost</c>, <c>127.x.x.x</c>, <c>[::1]</c>).</summary>
    internal static bool IsLoopbackAddress(string address)
    {
        try
        {
            var host = BindingAddress.Parse(address).Host;
            return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
