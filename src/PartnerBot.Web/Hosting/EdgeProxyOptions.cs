using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PartnerBot.Web.Hosting;

/// <summary>
/// Which front ends may tell the app who the client is (<c>X-Forwarded-For</c>) and whether it came over HTTPS
/// (<c>X-Forwarded-Proto</c>). Section <c>Edge:ForwardedHeaders</c>. Loopback is always trusted (ASP.NET Core's
/// default); nothing else is unless named here, so a caller cannot pick its own address by sending the header itself.
/// On App Service for Linux the front end reaches the app from the platform's link-local range, 169.254.0.0/16,
/// which nothing outside the platform can connect from; the template sets that.
/// </summary>
public sealed class EdgeProxyOptions : IValidatableObject
{
    public const string SectionName = "Edge:ForwardedHeaders";

    private static readonly char[] Separators = [',', ';', ' '];

    /// <summary>Addresses of trusted front ends, comma-separated, e.g. <c>10.0.0.4, 10.0.0.5</c>.</summary>
    public string KnownProxies { get; set; } = "";

    /// <summary>Networks of trusted front ends in CIDR form, comma-separated, e.g. <c>169.254.0.0/16</c>.</summary>
    public string KnownNetworks { get; set; } = "";

    public IReadOnlyList<IPAddress> Proxies() =>
        Split(KnownProxies).Select(p => IPAddress.TryParse(p, out var a) ? a : throw new FormatException(p)).ToList();

    public IReadOnlyList<IPNetwork> Networks() =>
        Split(KnownNetworks).Select(n => IPNetwork.TryParse(n, out var a) ? a : throw new FormatException(n)).ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in Split(KnownProxies).Where(p => !IPAddress.TryParse(p, out _)))
        {
            yield return new ValidationResult(
                $"Edge:ForwardedHeaders:KnownProxies (env Edge__ForwardedHeaders__KnownProxies): '{proxy}' is not an IP address.", [nameof(KnownProxies)]);
        }

        foreach (var network in Split(KnownNetworks).Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult(
                $"Edge:ForwardedHeaders:KnownNetworks (env Edge__ForwardedHeaders__KnownNetworks): '{network}' is not a network in CIDR form such as 169.254.0.0/16.", [nameof(KnownNetworks)]);
        }
    }

    private static string[] Split(string? list) => (list ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
