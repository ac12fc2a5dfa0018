using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PartnerBot.Benchmarks;

/// <summary>
/// Signs channel tokens the way the Bot Framework does, with a local RSA key, and serves the
/// OpenID metadata and JWKS the bot fetches, so the bot runs with authentication on.
/// </summary>
internal sealed class TokenIssuer : IDisposable
{
    public const string Issuer = "https://api.botframework.com";
    private const string KeyId = "bench-key";
    private readonly RSA rsa = RSA.Create(2048);
    private readonly JsonWebTokenHandler handler = new();

    public string MetadataJson(string baseUrl) => new JsonObject
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = baseUrl + "/keys",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_signing_alg_values_supported"] = new JsonArray("RS256"),
    }.ToJsonString();

    public string KeysJson()
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = KeyId,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                ["endorsements"] = new JsonArray("msteams"),
            }),
        }.ToJsonString();
    }

    public string CreateToken(string appId, string serviceUrl) => handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = appId,
        IssuedAt = DateTime.UtcNow,
        NotBefore = DateTime.UtcNow.AddMinutes(-1),
        Expires = DateTime.UtcNow.AddHours(1),
        Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl)]),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
    });

    public void Dispose() => rsa.Dispose();
}
