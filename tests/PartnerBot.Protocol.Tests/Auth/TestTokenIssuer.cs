using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Auth;

/// <summary>
/// Plays the Bot Framework's token service in tests: a locally generated RSA key, an OpenID metadata
/// document and a key set (with endorsements) served by <see cref="Handler"/>, and tokens with any
/// claim, key or algorithm a test needs to be wrong.
/// </summary>
public sealed class TestTokenIssuer : IDisposable
{
    public const string MetadataUrl = "https://login.test.invalid/v1/.well-known/openidconfiguration";
    public const string JwksUrl = "https://login.test.invalid/v1/keys";
    public const string Issuer = "https://api.botframework.com";
    public const string KeyId = "test-signing-key";

    // Generating 2048-bit keys costs up to a second on a busy machine; one pair serves every test.
    private static readonly RSA SharedRsa = CreateKey();
    private static readonly RSA SharedOtherRsa = CreateKey();
    private readonly RSA rsa = SharedRsa;
    private readonly RSA otherRsa = SharedOtherRsa;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public TestTokenIssuer(string appId, params string[] endorsements)
    {
        AppId = appId;
        Endorsements = endorsements.Length > 0 ? endorsements : ["msteams"];
        SigningKey = new RsaSecurityKey(rsa) { KeyId = KeyId };
        Handler = new StubHttpHandler((request, _) => Serve(request));
    }

    public string AppId { get; }

    public IReadOnlyList<string> Endorsements { get; }

    public RsaSecurityKey SigningKey { get; }

    /// <summary>When true, the key set also publishes the key behind <see cref="CreateTokenWithUnknownKey"/> (a key rotation).</summary>
    public bool PublishRotatedKey { get; set; }

    /// <summary>Serves the metadata and key set; count its requests to see refreshes.</summary>
    public StubHttpHandler Handler { get; }

    /// <summary>A token as the channel would send it, with optional changes.</summary>
    public string CreateToken(
        string? serviceUrl,
        string? audience = null,
        string issuer = Issuer,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        SecurityKey? key = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        IDictionary<string, object>? claims = null,
        IDictionary<string, object>? headers = null)
    {
        var now = DateTimeOffset.UtcNow;
        var allClaims = new Dictionary<string, object>(StringComparer.Ordinal);
        if (serviceUrl is not null)
        {
            allClaims["serviceurl"] = serviceUrl;
        }

        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            allClaims[name] = value;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience ?? AppId,
            NotBefore = (notBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Expires = (expires ?? now.AddHours(1)).UtcDateTime,
            IssuedAt = (notBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Claims = allClaims,
            AdditionalHeaderClaims = headers,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, algorithm),
        };
        return handler.CreateToken(descriptor);
    }

    /// <summary>
    /// An Entra-issued token for the bot's audience, as any app of the tenant gets with client credentials:
    /// v2 (<c>azp</c>) or v1 (<c>appid</c>); a null requester leaves the claim out. No serviceurl unless given.
    /// </summary>
    public string CreateEntraToken(string tenantId, string? requester, bool v2 = true, string? serviceUrl = null, string? version = null)
    {
        var claims = new Dictionary<string, object> { ["ver"] = version ?? (v2 ? "2.0" : "1.0"), ["tid"] = tenantId };
        if (requester is not null)
        {
            claims[v2 ? "azp" : "appid"] = requester;
        }

        var issuer = v2 ? $"https://login.microsoftonline.com/{tenantId}/v2.0" : $"https://sts.windows.net/{tenantId}/";
        return CreateToken(serviceUrl, issuer: issuer, claims: claims);
    }

    /// <summary>A token signed by a key the metadata does not publish.</summary>
    public string CreateTokenWithUnknownKey(string serviceUrl) =>
        CreateToken(serviceUrl, key: new RsaSecurityKey(otherRsa) { KeyId = "unknown-key" });

    /// <summary>A valid token whose signature bytes were changed.</summary>
    public string CreateTokenWithBadSignature(string serviceUrl)
    {
        var token = CreateToken(serviceUrl);
        var signatureStart = token.LastIndexOf('.') + 1;
        var signature = Base64UrlEncoder.DecodeBytes(token[signatureStart..]);
        signature[10] ^= 0xFF;
        return token[..signatureStart] + Base64UrlEncoder.Encode(signature);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise good claims.</summary>
    public string CreateUnsignedToken(string serviceUrl)
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = KeyId };
        return Encode(header) + "." + Encode(Payload(serviceUrl)) + ".";
    }

    /// <summary>The key-confusion attack: HS256 with the RSA public key as the HMAC secret.</summary>
    public string CreateHmacTokenWithPublicKey(string serviceUrl)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = KeyId };
        var signingInput = Encode(header) + "." + Encode(Payload(serviceUrl));
        var secret = Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }

    public void Dispose() => Handler.Dispose();

    private static RSA CreateKey()
    {
        var key = RSA.Create(2048);
        key.ExportParameters(false);
        return key;
    }

    private JsonObject Payload(string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        return new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = AppId,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["serviceurl"] = serviceUrl,
        };
    }

    private static string Encode(JsonNode node) => Base64UrlEncoder.Encode(node.ToJsonString());

    private HttpResponseMessage Serve(HttpRequestMessage request)
    {
        var url = request.RequestUri!.ToString();
        JsonNode? body = url switch
        {
            MetadataUrl => new JsonObject
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = JwksUrl,
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            },
            JwksUrl => KeySet(),
            _ => null,
        };
        return body is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    private JsonObject KeySet()
    {
        var parameters = rsa.ExportParameters(false);
        var key = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)JsonValue.Create(e))]),
        };
        var keys = new JsonArray(key);
        if (PublishRotatedKey)
        {
            var rotated = otherRsa.ExportParameters(false);
            keys.Add(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = "unknown-key",
                ["n"] = Base64UrlEncoder.Encode(rotated.Modulus),
                ["e"] = Base64UrlEncoder.Encode(rotated.Exponent),
                ["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)JsonValue.Create(e))]),
            });
        }

        return new JsonObject { ["keys"] = keys };
    }
}
