using System.ComponentModel.DataAnnotations;

namespace PartnerBot.Language.Setup;

/// <summary>The <c>Language</c> configuration section. Leave <see cref="Endpoint"/> empty to run on the deterministic defaults.</summary>
public sealed class LanguageOptions
{
    public const string SectionName = "Language";

    /// <summary>An OpenAI-compatible base URL, e.g. https://api.openai.com/v1 or https://{resource}.openai.azure.com/openai/v1/.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model (OpenAI) or deployment name (Azure OpenAI).</summary>
    public string? ModelId { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Authenticate to Azure OpenAI with the app's managed identity instead of a key.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>A model call longer than this falls back to the default; well under the 15-second channel deadline.</summary>
    [Range(1, 14)]
    public int TimeoutSeconds { get; set; } = 8;

    [Range(16, 4000)]
    public int MaxOutputTokens { get; set; } = 400;

    /// <summary>True when an endpoint is set; then a model id and a key or managed identity are needed too.</summary>
    public bool IsRequested => !string.IsNullOrWhiteSpace(Endpoint);

    /// <summary>Why the settings cannot be used, or null when they can.</summary>
    public string? Problem()
    {
        if (!IsRequested)
        {
            return null;
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Language:Endpoint is not an absolute http(s) URL.";
        }

        if (string.IsNullOrWhiteSpace(ModelId))
        {
            return "Language:ModelId is empty.";
        }

        return !UseManagedIdentity && string.IsNullOrWhiteSpace(ApiKey)
            ? "Neither Language:ApiKey nor Language:UseManagedIdentity is set."
            : null;
    }
}
