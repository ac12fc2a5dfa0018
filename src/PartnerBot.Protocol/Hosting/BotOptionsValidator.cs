using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PartnerBot.Protocol.Hosting;

/// <summary>Checks the <c>Bot</c> settings at start-up, naming the setting that is wrong.</summary>
internal sealed class BotOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var errors = new List<string>();
        // Keys fetched over plain http could be swapped by anyone on the path: https outside Development.
        var requireHttps = environment?.IsDevelopment() != true;

        if (!options.IsDevelopmentMode)
        {
            ValidateIdentity(options, errors);
        }

        RequireAbsoluteUrl(options.OpenIdMetadataUrl, "Bot:OpenIdMetadataUrl", requireHttps, errors);
        RequireAbsoluteUrl(options.EntraOpenIdMetadataUrl.Replace("{tenantId}", "t", StringComparison.OrdinalIgnoreCase), "Bot:EntraOpenIdMetadataUrl", requireHttps, errors);
        foreach (var caller in options.AllowedCallers)
        {
            // A blank entry (an empty App Service setting) allows nobody; a wildcard would allow every app.
            if (!string.IsNullOrWhiteSpace(caller) && (caller.Trim() == "*" || caller.Length > 100))
            {
                errors.Add($"Bot:AllowedCallers contains '{caller}'; list app ids (no wildcards).");
            }
        }

        if (options.OpenIdMetadataTimeout <= TimeSpan.Zero || options.OpenIdMetadataTimeout > TimeSpan.FromSeconds(10))
        {
            errors.Add("Bot:OpenIdMetadataTimeout must be between 0 and 10 seconds.");
        }
        foreach (var url in options.TrustedServiceUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add($"Bot:TrustedServiceUrls contains '{url}', which is not an absolute https URL.");
            }
        }

        if (options.MaxRequestBodyBytes <= 0)
        {
            errors.Add("Bot:MaxRequestBodyBytes must be a positive number of bytes.");
        }

        if (options.AcknowledgeAfter <= TimeSpan.Zero || options.AcknowledgeAfter >= TimeSpan.FromSeconds(15))
        {
            errors.Add("Bot:AcknowledgeAfter must be between 0 and 15 seconds (the channel gives up after 15).");
        }

        if (options.ConnectorMaxAttempts is < 1 or > 10)
        {
            errors.Add("Bot:ConnectorMaxAttempts must be between 1 and 10.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateIdentity(BotOptions options, List<string> errors)
    {
        switch (options.AppType)
        {
            case BotAppTypes.SingleTenant:
                Require(options.TenantId, "Bot:TenantId is required when Bot:AppType is SingleTenant.", errors);
                Require(options.AppPassword, "Bot:AppPassword (the client secret) is required when Bot:AppType is SingleTenant.", errors);
                break;
            case BotAppTypes.MultiTenant:
                Require(options.AppPassword, "Bot:AppPassword (the client secret) is required when Bot:AppType is MultiTenant.", errors);
                break;
            case BotAppTypes.UserAssignedMsi:
                Require(options.TenantId, "Bot:TenantId is required when Bot:AppType is UserAssignedMSI.", errors);
                Require(options.ManagedIdentityClientId, "Bot:ManagedIdentityClientId is required when Bot:AppType is UserAssignedMSI.", errors);
                break;
            default:
                errors.Add($"Bot:AppType is '{options.AppType}'; use SingleTenant, MultiTenant or UserAssignedMSI.");
                break;
        }
    }

    private static void Require(string? value, string message, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(message);
        }
    }

    private static void RequireAbsoluteUrl(string? value, string setting, bool requireHttps, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{setting} must be an absolute URL; it is '{value}'.");
        }
        else if (requireHttps && uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{setting} must be an https URL outside the Development environment; it is '{value}'.");
        }
    }
}
